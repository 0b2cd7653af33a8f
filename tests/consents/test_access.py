"""Who may open the patient view, witness a signature and see what was signed (consents/access.py), per role."""

import pytest

from consents import access

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "witness", "see_signed", "edit_texts"),
    [
        ("practitioner", True, True, False),
        ("frontdesk", True, True, False),
        ("catalogadmin", False, False, True),
        ("outsider", False, False, False),
    ],
)
def test_each_role_witnesses_sees_and_edits_what_its_work_needs(users, role, witness, see_signed, edit_texts):
    user = users[role]
    assert access.can_witness(user=user) is witness
    assert access.can_see_signed(user=user) is see_signed
    assert access.can_edit_texts(user=user) is edit_texts


def test_nobody_may_change_or_delete_a_signature(users):
    for user in users.values():
        for model in ("signedconsent", "planacceptance"):
            assert not user.has_perm(f"consents.change_{model}")
            assert not user.has_perm(f"consents.delete_{model}")
        assert not user.has_perm("consents.delete_consenttext")


def test_the_patient_view_opens_on_the_plans_each_role_may_see(users, plan_item, proposed_plan):
    plan = proposed_plan
    assert access.can_open_patient_view(user=users["practitioner"], plan=plan)
    assert access.can_open_patient_view(user=users["frontdesk"], plan=plan)
    assert not access.can_open_patient_view(user=users["catalogadmin"], plan=plan)
    plan.status = "draft"  # as a draft it is the practitioner's alone
    assert access.can_open_patient_view(user=users["practitioner"], plan=plan)
    assert not access.can_open_patient_view(user=users["frontdesk"], plan=plan)
