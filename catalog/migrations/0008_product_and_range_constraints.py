"""The database holds the new rules once the rows obey them (0007)."""

from decimal import Decimal

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_fill_range_units_and_prices"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('yearly_max__isnull', True), ('yearly_max__gt', 0), _connector='OR'), name='product_yearly_max_positive'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('min_age__isnull', True), ('max_age__isnull', True), ('min_age__lte', models.F('max_age')), _connector='OR'), name='product_age_range_ordered'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('price_per_package__gte', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('price_per_unit'), '*', models.F('package_size')), '-', django.db.models.expressions.CombinedExpression(models.F('package_size'), '*', models.Value(Decimal('0.005'))))), ('price_per_package__lte', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('price_per_unit'), '*', models.F('package_size')), '+', django.db.models.expressions.CombinedExpression(models.F('package_size'), '*', models.Value(Decimal('0.005')))))), name='product_prices_agree'),
        ),
        migrations.AddConstraint(
            model_name='treatmentarea',
            constraint=models.CheckConstraint(condition=models.Q(('unit', 'mL'), ('product__isnull', False), models.Q(('unit_substance', ''), _negated=True), _connector='OR'), name='dose_range_generic_toxin_names_its_units'),
        ),
    ]
