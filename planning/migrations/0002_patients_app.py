"""The patient and consultation links now point at the patients app (the same tables: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0001_initial'),
        ('planning', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='historicaltreatmentplan',
                    name='consultation',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='patients.consultation'),
                ),
                migrations.AlterField(
                    model_name='historicaltreatmentplan',
                    name='patient',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='patients.patient'),
                ),
                migrations.AlterField(
                    model_name='historicaltreatmentsession',
                    name='patient',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='patients.patient'),
                ),
                migrations.AlterField(
                    model_name='treatmentplan',
                    name='consultation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='patients.consultation'),
                ),
                migrations.AlterField(
                    model_name='treatmentplan',
                    name='patient',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='patients.patient'),
                ),
                migrations.AlterField(
                    model_name='treatmentsession',
                    name='patient',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='patients.patient'),
                ),
            ],
        ),
    ]
