"""Two people take the last units of a lot at the same moment, each in their own transaction and database
connection: the row lock lets exactly one have them, the other gets the clear message, and the lot is left at
exactly zero, never below.

PostgreSQL only: SQLite has no row locks (it serialises whole-database writes), so the race cannot happen there
the same way. The test skips on SQLite with its reason (tests/conftest.py, the `postgres` marker)."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from stock import services
from stock.models import MovementKind, ProductLot
from tests.fixtures.stock import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(lot_pk: int, amount: Decimal, users) -> list:
    """Each user, in a thread of their own, takes `amount` from the lot at the same moment; the outcomes in order."""
    start = threading.Barrier(len(users))
    outcomes: list = [None] * len(users)

    def take(index: int, user) -> None:
        try:
            lot = ProductLot.objects.select_related("product").get(pk=lot_pk)  # both read the same quantity left
            start.wait(timeout=10)
            with transaction.atomic():  # as the session record would call it, inside its own transaction
                outcomes[index] = services.use_from_lot(lot=lot, amount=amount, by=user, reference=f"session {index}")
                time.sleep(0.3)  # hold the row lock while the other thread arrives and waits for it
        except ValidationError as exc:
            outcomes[index] = exc
        except Exception as exc:  # anything else fails the test below, with its cause
            outcomes[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=take, args=(i, user)) for i, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished: a lock was never released"
    return outcomes


@pytest.mark.parametrize(
    ("amount", "refusal"),
    [
        ("0.5", {"lot": ["Lot VB20417 of Juvéderm Voluma XC is used up; choose another lot or vial."]}),
        ("0.4", {"amount": ["Only 0.1 mL left in lot VB20417; choose another lot or vial."]}),
    ],
)
def test_two_people_taking_the_last_units_at_once_leave_exactly_zero_or_what_one_left(
    filler_product, catalogadmin_user, practitioner_user, other_practitioner, amount, refusal
):
    assert connection.vendor == "postgresql"
    lot = services.receive_lot(
        product=filler_product, lot_number="VB20417", expiry=in_days(100), packages=1, by=catalogadmin_user
    )
    services.use_from_lot(lot=lot, amount="0.5", by=practitioner_user)  # the last 0.5 mL are left

    outcomes = race(lot.pk, Decimal(amount), [practitioner_user, other_practitioner])

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    taken = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(taken) == 1 and len(refused) == 1, outcomes
    assert refused[0].message_dict == refusal
    lot.refresh_from_db()
    assert lot.quantity_left == Decimal("0.5") - Decimal(amount)
    assert lot.quantity_left >= 0
    used = list(lot.movements.filter(kind=MovementKind.USED).order_by("id"))
    assert [m.quantity for m in used] == [Decimal("-0.5"), -Decimal(amount)]
    assert used[-1].lot_left_after == lot.quantity_left
