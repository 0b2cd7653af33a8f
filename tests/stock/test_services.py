"""Stock services: receiving lots, opening vials (concentration, beyond-use time), using and correcting stock, and
the ledger row each change leaves. The clinical numbers are the §2b rows the fixtures carry (tests/fixtures/stock.py).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.formatting import moment
from stock import selectors, services
from stock.models import NO_BEYOND_USE, MovementKind, ProductLot, StockMovement, Vial
from tests.factories import ProductFactory
from tests.fixtures.stock import in_days

pytestmark = pytest.mark.django_db


def messages_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


# --- receiving ------------------------------------------------------------------------------------------------------


def test_receiving_counts_packages_in_the_products_unit_and_writes_a_ledger_row(botox_product, catalogadmin_user):
    lot = services.receive_lot(
        product=botox_product, lot_number=" C 1243 ", expiry=in_days(200), packages=3, by=catalogadmin_user, note="x"
    )
    lot.refresh_from_db()
    assert lot.lot_number == "C 1243"
    assert lot.quantity_received == lot.quantity_left == Decimal(300)  # 3 × 100 U
    assert lot.packages_left == Decimal(3)
    assert lot.left_text == "300 U (3 packages)"
    assert lot.received_by == catalogadmin_user
    [movement] = lot.movements.all()
    assert (movement.kind, movement.quantity, movement.lot_left_after) == (MovementKind.RECEIVED, 300, 300)
    assert movement.reason == "Received 3 packages (300 U)"
    created = lot.history.get()
    assert created.history_type == "+" and created.history_user == catalogadmin_user


def test_a_filler_lot_is_counted_in_ml(filler_product, catalogadmin_user):
    lot = services.receive_lot(
        product=filler_product, lot_number="VB1", expiry=in_days(90), packages=2, by=catalogadmin_user
    )
    assert lot.left_text == "2 mL (2 packages)"


def test_an_expired_lot_is_refused_at_the_expiry(botox_product, catalogadmin_user):
    yesterday = in_days(-1)
    with pytest.raises(ValidationError) as exc:
        services.receive_lot(
            product=botox_product, lot_number="OLD1", expiry=yesterday, packages=1, by=catalogadmin_user
        )
    assert messages_of(exc) == {
        "expiry": [f"This lot expired on {yesterday:%-d %b %Y}: expired stock cannot be received."]
    }
    assert not ProductLot.objects.exists()


def test_a_lot_expiring_today_can_still_be_received_and_used(filler_product, catalogadmin_user, practitioner_user):
    lot = services.receive_lot(
        product=filler_product, lot_number="TODAY", expiry=in_days(0), packages=1, by=catalogadmin_user
    )
    services.use_from_lot(lot=lot, amount="0.5", by=practitioner_user)
    assert lot.quantity_left == Decimal("0.5")


def test_a_lot_number_already_received_is_refused_whatever_its_case(toxin_lot, botox_product, catalogadmin_user):
    with pytest.raises(ValidationError) as exc:
        services.receive_lot(
            product=botox_product, lot_number="c1243", expiry=in_days(100), packages=1, by=catalogadmin_user
        )
    [message] = messages_of(exc)["lot_number"]
    assert message.startswith("Lot C1243 of Botox Cosmetic was already received on ")
    assert ProductLot.objects.count() == 1


def test_the_same_lot_number_of_another_product_is_a_different_lot(toxin_lot, filler_product, catalogadmin_user):
    other = services.receive_lot(
        product=filler_product, lot_number="C1243", expiry=in_days(100), packages=1, by=catalogadmin_user
    )
    assert other.pk != toxin_lot.pk


@pytest.mark.parametrize("packages", [0, -1, "two", "1.5", "", None, 1000])
def test_a_package_count_must_be_a_whole_number_from_one(botox_product, catalogadmin_user, packages):
    with pytest.raises(ValidationError) as exc:
        services.receive_lot(
            product=botox_product, lot_number="P1", expiry=in_days(10), packages=packages, by=catalogadmin_user
        )
    assert messages_of(exc) == {"packages": ["Enter the number of whole packages received, from 1 to 999."]}


def test_a_retired_product_receives_no_new_stock(catalogadmin_user):
    retired = ProductFactory(toxin=True, name="Old toxin", is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.receive_lot(product=retired, lot_number="R1", expiry=in_days(10), packages=1, by=catalogadmin_user)
    assert messages_of(exc) == {"product": ["Old toxin is retired from the catalog: no new stock of it is received."]}


# --- opening a vial -------------------------------------------------------------------------------------------------


def test_opening_a_vial_moves_one_package_into_it_at_the_labelled_concentration(toxin_lot, practitioner_user):
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user)
    assert toxin_lot.quantity_left == Decimal(200)
    toxin_lot.refresh_from_db()
    assert toxin_lot.quantity_left == Decimal(200)
    assert (vial.units, vial.units_left, vial.diluent_ml) == (Decimal(100), Decimal(100), Decimal("2.5"))
    # §2b BOTOX Cosmetic: 100 U + 2.5 mL saline → 4 U/0.1 mL
    assert vial.units_per_tenth_ml == Decimal(4)
    assert vial.concentration_text == "4 U per 0.1 mL"
    assert vial.volume_for(20) == Decimal("0.50")
    assert vial.volume_for(4) == Decimal("0.10")
    opening = toxin_lot.movements.get(kind=MovementKind.OPENED_VIAL)
    assert (opening.vial, opening.quantity, opening.lot_left_after, opening.vial_left_after) == (vial, -100, 200, 100)
    assert vial.history.get().history_user == practitioner_user


def test_another_diluent_volume_changes_the_concentration(toxin_lot, practitioner_user):
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user, diluent_ml="1,25")
    assert vial.diluent_ml == Decimal("1.25")
    assert vial.concentration_text == "8 U per 0.1 mL"  # 100 U / 1.25 mL × 0.1
    assert vial.volume_for(20) == Decimal("0.25")


def test_a_dysport_vial_concentration_matches_its_label(dysport_product, catalogadmin_user, practitioner_user):
    lot = services.receive_lot(
        product=dysport_product, lot_number="D1", expiry=in_days(50), packages=1, by=catalogadmin_user
    )
    vial = services.open_vial(lot=lot, by=practitioner_user)
    # §2b Dysport: 300 U + 2.5 mL → 10 U/0.08 mL, i.e. 12 U per 0.1 mL
    assert vial.units_per_tenth_ml == Decimal(12)
    assert vial.volume_for(10) == Decimal("0.08")


def test_the_beyond_use_time_is_the_labels_24_hours(toxin_lot, practitioner_user):
    opened = timezone.now() - dt.timedelta(hours=1)
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user, opened_at=opened)
    assert vial.beyond_use_at == opened + dt.timedelta(hours=24)
    assert vial.beyond_use_basis == "24 h after opening, the label's time"
    assert vial.beyond_use_text == f"{moment(opened + dt.timedelta(hours=24))} (24 h after opening, the label's time)"


def test_the_clinic_policy_setting_replaces_the_label(toxin_lot, practitioner_user, settings):
    settings.HARMONY_VIAL_USE_HOURS = 72
    opened = timezone.now() - dt.timedelta(hours=30)  # past the label's 24 h, within the policy's 72 h
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user, opened_at=opened)
    assert vial.beyond_use_at == opened + dt.timedelta(hours=72)
    assert vial.beyond_use_basis == "72 h after opening, the clinic's policy"
    services.use_from_vial(vial=vial, units=10, by=practitioner_user)
    assert vial.units_left == Decimal(90)


def test_without_label_time_or_policy_there_is_no_beyond_use_time(
    dysport_product, catalogadmin_user, practitioner_user
):
    lot = services.receive_lot(
        product=dysport_product, lot_number="D2", expiry=in_days(50), packages=1, by=catalogadmin_user
    )
    vial = services.open_vial(lot=lot, by=practitioner_user, opened_at=timezone.now() - dt.timedelta(days=10))
    assert vial.beyond_use_at is None
    assert vial.beyond_use_text == NO_BEYOND_USE == "no beyond-use time on record"
    # Never an invented time: the vial stays usable (until it is empty or its lot expires).
    services.use_from_vial(vial=vial, units=30, by=practitioner_user)
    assert list(selectors.usable_vials(product=dysport_product)) == [vial]


def test_the_policy_applies_to_a_toxin_without_label_time(
    dysport_product, catalogadmin_user, practitioner_user, settings
):
    settings.HARMONY_VIAL_USE_HOURS = 48
    lot = services.receive_lot(
        product=dysport_product, lot_number="D3", expiry=in_days(50), packages=1, by=catalogadmin_user
    )
    opened = timezone.now()
    vial = services.open_vial(lot=lot, by=practitioner_user, opened_at=opened)
    assert vial.beyond_use_at == opened + dt.timedelta(hours=48)


def test_a_vial_is_opened_only_from_a_toxin_lot(filler_lot, practitioner_user):
    with pytest.raises(ValidationError) as exc:
        services.open_vial(lot=filler_lot, by=practitioner_user)
    assert messages_of(exc)["lot"] == [
        "Juvéderm Voluma XC is a dermal filler: vials are opened for toxins only. Use it straight from the lot."
    ]
    assert not Vial.objects.exists()


def test_a_vial_needs_a_whole_package_left_in_the_lot(toxin_lot, practitioner_user, catalogadmin_user):
    services.adjust_lot(lot=toxin_lot, quantity_left=60, by=catalogadmin_user, reason="counted on the shelf")
    with pytest.raises(ValidationError) as exc:
        services.open_vial(lot=toxin_lot, by=practitioner_user)
    assert messages_of(exc)["lot"] == [
        "Only 60 U left in lot C1243, and a vial takes a whole 100 U package: choose another lot, or correct this "
        "lot's count."
    ]
    toxin_lot.refresh_from_db()
    assert toxin_lot.quantity_left == Decimal(60)


def test_a_toxin_without_labelled_diluent_asks_for_the_volume(catalogadmin_user, practitioner_user):
    bare = ProductFactory(toxin=True, name="Unlabelled toxin", reconstitution_ml=None)
    lot = services.receive_lot(product=bare, lot_number="U1", expiry=in_days(50), packages=1, by=catalogadmin_user)
    with pytest.raises(ValidationError) as exc:
        services.open_vial(lot=lot, by=practitioner_user)
    assert messages_of(exc) == {
        "diluent_ml": [
            "The catalog has no labelled diluent volume for Unlabelled toxin: enter the saline volume added, in mL."
        ]
    }
    assert services.open_vial(lot=lot, by=practitioner_user, diluent_ml="2").concentration_text == "5 U per 0.1 mL"


@pytest.mark.parametrize(
    ("diluent", "message"),
    [
        ("0", "Enter a diluent volume above zero."),
        ("lots", "Enter a number, e.g. 2.5."),
        ("250", "Enter a diluent volume below 100 mL."),
    ],
)
def test_a_bad_diluent_volume_is_refused_at_the_field(toxin_lot, practitioner_user, diluent, message):
    with pytest.raises(ValidationError) as exc:
        services.open_vial(lot=toxin_lot, by=practitioner_user, diluent_ml=diluent)
    assert messages_of(exc) == {"diluent_ml": [message]}
    toxin_lot.refresh_from_db()
    assert toxin_lot.quantity_left == Decimal(300)


def test_a_vial_cannot_be_opened_in_the_future(toxin_lot, practitioner_user):
    with pytest.raises(ValidationError) as exc:
        services.open_vial(lot=toxin_lot, by=practitioner_user, opened_at=timezone.now() + dt.timedelta(hours=2))
    assert messages_of(exc) == {"opened_at": ["The opening time is in the future: enter when the vial was opened."]}


def test_an_expired_lot_opens_no_vial(toxin_lot, practitioner_user):
    ProductLot.objects.filter(pk=toxin_lot.pk).update(expiry=in_days(-3))
    with pytest.raises(ValidationError) as exc:
        services.open_vial(lot=toxin_lot, by=practitioner_user)
    assert messages_of(exc)["lot"] == [
        f"Lot C1243 of Botox Cosmetic expired on {in_days(-3):%-d %b %Y}; choose another lot."
    ]


# --- using a vial ---------------------------------------------------------------------------------------------------


def test_a_vial_serves_several_patients_until_empty(opened_vial, practitioner_user, other_practitioner):
    first = services.use_from_vial(vial=opened_vial, units=20, by=practitioner_user, reference="session a1")
    second = services.use_from_vial(vial=opened_vial, units="30", by=other_practitioner, reference="session b2")
    assert opened_vial.units_left == Decimal(50)
    assert (first.kind, first.quantity, first.vial_left_after, first.lot_left_after) == ("used", -20, 80, None)
    assert first.reason == "0.5 mL at 4 U per 0.1 mL"
    assert (second.quantity, second.vial_left_after, second.reference) == (-30, 50, "session b2")
    with pytest.raises(ValidationError) as exc:
        services.use_from_vial(vial=opened_vial, units=51, by=practitioner_user)
    opened = moment(opened_vial.opened_at)
    assert messages_of(exc) == {
        "units": [f"Only 50 U left in the vial of lot C1243 opened {opened}; choose another lot or vial."]
    }
    services.use_from_vial(vial=opened_vial, units=50, by=practitioner_user)
    with pytest.raises(ValidationError) as exc:
        services.use_from_vial(vial=opened_vial, units=1, by=practitioner_user)
    assert messages_of(exc) == {"vial": ["This vial is empty; open a new vial or choose another lot."]}
    opened_vial.refresh_from_db()
    assert opened_vial.units_left == 0


def test_a_vial_past_its_beyond_use_time_is_refused_saying_when_in_clinic_time(toxin_lot, practitioner_user, settings):
    settings.TIME_ZONE = "Europe/London"
    summer = dt.datetime(timezone.now().year - 1, 7, 1, 9, 30, tzinfo=dt.UTC)  # 10:30 in London (BST)
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user, opened_at=summer)
    with pytest.raises(ValidationError) as exc:
        services.use_from_vial(vial=vial, units=4, by=practitioner_user)
    assert messages_of(exc) == {
        "vial": [
            f"This vial passed its beyond-use time on 2 Jul {summer.year}, 10:30 (24 h after opening, the label's "
            "time), so it cannot be used: discard it and open a new vial."
        ]
    }
    vial.refresh_from_db()
    assert vial.units_left == Decimal(100)
    assert not vial.movements.filter(kind=MovementKind.USED).exists()


def test_a_bad_unit_count_is_refused_at_the_field(opened_vial, practitioner_user):
    for typed, message in [("0", "Enter how much was taken, above 0 U."), ("x", "Enter a number, e.g. 20 or 0.5."),
                           ("2.555", "Enter at most two decimal places.")]:  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            services.use_from_vial(vial=opened_vial, units=typed, by=practitioner_user)
        assert messages_of(exc) == {"units": [message]}, typed


def test_a_discarded_vial_cannot_be_used(opened_vial, practitioner_user):
    movement = services.discard_vial(vial=opened_vial, by=practitioner_user, reason="dropped")
    assert (movement.kind, movement.quantity, movement.vial_left_after) == (MovementKind.DISCARDED, -100, 0)
    assert opened_vial.discarded_by == practitioner_user
    with pytest.raises(ValidationError) as exc:
        services.use_from_vial(vial=opened_vial, units=1, by=practitioner_user)
    assert messages_of(exc) == {
        "vial": [f"This vial was discarded on {moment(opened_vial.discarded_at)}; open a new vial."]
    }
    with pytest.raises(ValidationError):
        services.discard_vial(vial=opened_vial, by=practitioner_user)


# --- using a lot ----------------------------------------------------------------------------------------------------


def test_using_a_filler_lot_takes_ml_and_refuses_more_than_is_left(filler_lot, practitioner_user):
    movement = services.use_from_lot(lot=filler_lot, amount="1,5", by=practitioner_user, reference="session 3f2a")
    assert (movement.kind, movement.quantity, movement.lot_left_after) == (
        MovementKind.USED,
        Decimal("-1.5"),
        Decimal("2.5"),
    )
    assert movement.reference == "session 3f2a"
    with pytest.raises(ValidationError) as exc:
        services.use_from_lot(lot=filler_lot, amount=3, by=practitioner_user)
    assert messages_of(exc) == {"amount": ["Only 2.5 mL left in lot VB20417; choose another lot or vial."]}
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == Decimal("2.5")


def test_a_toxin_can_be_drawn_from_its_lot_without_a_vial_record(toxin_lot, practitioner_user):
    services.use_from_lot(lot=toxin_lot, amount=20, by=practitioner_user)
    assert toxin_lot.quantity_left == Decimal(280)


def test_an_empty_lot_is_refused_and_left_out_of_the_choice(filler_lot, practitioner_user):
    services.use_from_lot(lot=filler_lot, amount=4, by=practitioner_user)
    assert filler_lot.quantity_left == 0
    assert list(selectors.usable_lots(product=filler_lot.product)) == []
    with pytest.raises(ValidationError) as exc:
        services.use_from_lot(lot=filler_lot, amount="0.1", by=practitioner_user)
    assert messages_of(exc) == {"lot": ["Lot VB20417 of Juvéderm Voluma XC is used up; choose another lot or vial."]}


def test_an_expired_lot_is_refused_and_left_out_of_the_choice(filler_lot, practitioner_user):
    ProductLot.objects.filter(pk=filler_lot.pk).update(expiry=in_days(-1))
    assert list(selectors.usable_lots(product=filler_lot.product)) == []
    assert list(selectors.usable_lots(product=filler_lot.product, on=in_days(-1))) == [filler_lot]
    with pytest.raises(ValidationError) as exc:
        services.use_from_lot(lot=filler_lot, amount=1, by=practitioner_user)
    assert messages_of(exc) == {
        "lot": [f"Lot VB20417 of Juvéderm Voluma XC expired on {in_days(-1):%-d %b %Y}; choose another lot."]
    }
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == Decimal(4)


def test_usable_lots_come_first_to_expire_first(filler_product, catalogadmin_user):
    late = services.receive_lot(
        product=filler_product, lot_number="LATE", expiry=in_days(300), packages=1, by=catalogadmin_user
    )
    soon = services.receive_lot(
        product=filler_product, lot_number="SOON", expiry=in_days(20), packages=1, by=catalogadmin_user
    )
    assert list(selectors.usable_lots(product=filler_product)) == [soon, late]


def test_usable_vials_leave_out_empty_expired_discarded_and_past_beyond_use(
    botox_product, catalogadmin_user, practitioner_user
):
    lot = services.receive_lot(
        product=botox_product, lot_number="V1", expiry=in_days(100), packages=5, by=catalogadmin_user
    )
    good = services.open_vial(lot=lot, by=practitioner_user)
    empty = services.open_vial(lot=lot, by=practitioner_user)
    services.use_from_vial(vial=empty, units=100, by=practitioner_user)
    old = services.open_vial(lot=lot, by=practitioner_user, opened_at=timezone.now() - dt.timedelta(hours=25))
    thrown = services.open_vial(lot=lot, by=practitioner_user)
    services.discard_vial(vial=thrown, by=practitioner_user)
    assert list(selectors.usable_vials(product=botox_product)) == [good]
    assert old.unusable_reason(at=timezone.now()).startswith("This vial passed its beyond-use time on ")
    assert good.unusable_reason(at=timezone.now()) == ""
    # An hour after opening the old vial was still usable.
    an_hour_in = old.opened_at + dt.timedelta(hours=1)
    assert old in selectors.usable_vials(product=botox_product, at=an_hour_in)
    # A vial of a lot that expired is refused too.
    ProductLot.objects.filter(pk=lot.pk).update(expiry=in_days(-1))
    assert list(selectors.usable_vials(product=botox_product)) == []
    good.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.use_from_vial(vial=good, units=1, by=practitioner_user)
    assert messages_of(exc)["vial"][0].startswith("This vial's lot V1 expired on ")


# --- correcting a count ---------------------------------------------------------------------------------------------


def test_a_count_correction_needs_a_reason_and_records_the_signed_difference(filler_lot, catalogadmin_user):
    with pytest.raises(ValidationError) as exc:
        services.adjust_lot(lot=filler_lot, quantity_left=3, by=catalogadmin_user, reason="  ")
    assert list(messages_of(exc)) == ["reason"]
    movement = services.adjust_lot(lot=filler_lot, quantity_left=3, by=catalogadmin_user, reason="one syringe damaged")
    assert (movement.kind, movement.quantity, movement.lot_left_after) == (MovementKind.ADJUSTED, -1, 3)
    up = services.adjust_lot(lot=filler_lot, quantity_left="3.5", by=catalogadmin_user, reason="found in the fridge")
    assert up.quantity == Decimal("0.5")
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == Decimal("3.5")
    assert filler_lot.history.first().history_change_reason == "Count corrected to 3.5 mL: found in the fridge"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("5", "Lot VB20417 was received with 4 mL: it cannot hold more than that."),
        ("-1", "Enter what is left: 0 mL or more."),
        ("4", "Lot VB20417 has 4 mL left already: nothing to correct."),
        ("many", "Enter a number, e.g. 200 or 2.5."),
    ],
)
def test_a_count_correction_is_refused_at_the_field(filler_lot, catalogadmin_user, typed, message):
    with pytest.raises(ValidationError) as exc:
        services.adjust_lot(lot=filler_lot, quantity_left=typed, by=catalogadmin_user, reason="counted")
    assert messages_of(exc) == {"quantity_left": [message]}


def test_a_count_correction_may_write_off_an_expired_lot(filler_lot, catalogadmin_user):
    ProductLot.objects.filter(pk=filler_lot.pk).update(expiry=in_days(-10))
    services.adjust_lot(lot=filler_lot, quantity_left=0, by=catalogadmin_user, reason="expired, destroyed")
    assert filler_lot.quantity_left == 0


# --- the ledger and the caller's transaction ------------------------------------------------------------------------


def test_the_ledger_holds_every_change_and_adds_up_to_what_is_left(toxin_lot, practitioner_user, catalogadmin_user):
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user)
    services.use_from_vial(vial=vial, units=20, by=practitioner_user, reference="session a1")
    services.use_from_lot(lot=toxin_lot, amount=10, by=practitioner_user)
    services.adjust_lot(lot=toxin_lot, quantity_left=180, by=catalogadmin_user, reason="counted")
    services.discard_vial(vial=vial, by=practitioner_user)
    ledger = selectors.lot_ledger(lot=toxin_lot)
    assert [(m.kind, m.quantity) for m in reversed(ledger)] == [
        ("received", 300), ("opened_vial", -100), ("used", -20), ("used", -10), ("adjusted", -10), ("discarded", -80),
    ]  # fmt: skip
    toxin_lot.refresh_from_db()
    assert sum(m.quantity for m in ledger if m.changes_lot) == toxin_lot.quantity_left == Decimal(180)
    vial.refresh_from_db()
    assert sum(m.quantity for m in ledger if m.vial_id and not m.changes_lot) == -vial.units
    assert [m.reason for m in selectors.vial_ledger(vial=vial)][-1] == "2.5 mL diluent: 4 U per 0.1 mL"
    assert all(m.history.get().history_user_id == m.by_id for m in StockMovement.objects.all())


def test_stock_is_deducted_in_the_callers_transaction(filler_lot, practitioner_user):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.use_from_lot(lot=filler_lot, amount=2, by=practitioner_user, reference="session c3")
        raise RuntimeError("the session record failed after the stock was taken")
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == Decimal(4)
    assert not filler_lot.movements.filter(kind=MovementKind.USED).exists()


def test_a_refusal_leaves_the_callers_transaction_usable(filler_lot, practitioner_user):
    with transaction.atomic():
        with pytest.raises(ValidationError):
            services.use_from_lot(lot=filler_lot, amount=10, by=practitioner_user)
        services.use_from_lot(lot=filler_lot, amount=1, by=practitioner_user)
    filler_lot.refresh_from_db()
    assert filler_lot.quantity_left == Decimal(3)


def test_a_use_can_link_the_record_that_used_it(filler_lot, practitioner_user, catalogadmin_user):
    movement = services.use_from_lot(lot=filler_lot, amount=1, by=practitioner_user, used_for=catalogadmin_user)
    movement.refresh_from_db()
    assert movement.used_for == catalogadmin_user
    assert movement.used_for_id == catalogadmin_user.pk


def test_a_reference_longer_than_the_column_is_refused(filler_lot, practitioner_user):
    with pytest.raises(ValidationError) as exc:
        services.use_from_lot(lot=filler_lot, amount=1, by=practitioner_user, reference="x" * 121)
    assert messages_of(exc) == {"reference": ["Keep the reference to 120 characters."]}


def test_a_threshold_is_set_per_product(botox_product, catalogadmin_user):
    setting = services.set_low_stock_threshold(product=botox_product, packages="2,5", by=catalogadmin_user)
    assert setting.low_stock_packages == Decimal("2.5")
    again = services.set_low_stock_threshold(product=botox_product, packages=0, by=catalogadmin_user)
    assert again.pk == setting.pk and again.low_stock_packages == 0
    with pytest.raises(ValidationError) as exc:
        services.set_low_stock_threshold(product=botox_product, packages=-1, by=catalogadmin_user)
    assert messages_of(exc) == {"low_stock_packages": ["Enter 0 or more packages."]}
