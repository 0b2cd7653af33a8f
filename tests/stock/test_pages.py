"""The stock pages for each role: what they show (lots in packages and U/mL, lots expiring soon, low stock, a lot's
history, a vial's concentration and beyond-use time), and bad input answered next to the field with what was typed
kept. Who may open which URL at all is in the permission matrix (tests/matrix/stock.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from clinic.formatting import day, moment
from stock import services
from stock.models import MovementKind, ProductLot
from tests.fixtures.stock import in_days
from tests.html import alerts, field_error, field_value, main, one, row_with, section, soup, table_rows, text, text_of

pytestmark = pytest.mark.django_db

INDEX = "/stock/"


def lots_of(page, product_name: str) -> list[list[str]]:
    return table_rows(page, f"Lots of {product_name}")


def nav_labels(client) -> list[str]:
    page = client.get(reverse("catalog:index"))
    return [text(a) for a in soup(page).select("nav[aria-label='Main navigation'] .nav-link")]


# --- who sees stock -------------------------------------------------------------------------------------------------


def test_practitioners_and_catalog_admins_have_a_stock_link_and_the_front_desk_none(
    practitioner_client, catalogadmin_client, frontdesk_client
):
    assert "Stock" in nav_labels(practitioner_client)
    assert "Stock" in nav_labels(catalogadmin_client)
    assert "Stock" not in nav_labels(frontdesk_client)
    assert frontdesk_client.get(INDEX).status_code == 403


def test_the_front_desk_cannot_open_a_lot_or_a_vial(frontdesk_client, opened_vial):
    assert frontdesk_client.get(reverse("stock:lot_detail", args=[opened_vial.lot.code])).status_code == 403
    assert frontdesk_client.get(reverse("stock:vial_detail", args=[opened_vial.code])).status_code == 403


def test_each_role_sees_only_its_own_buttons(practitioner_client, catalogadmin_client, toxin_lot):
    url = reverse("stock:lot_detail", args=[toxin_lot.code])
    practitioner = {text(a) for a in main(practitioner_client.get(url)).select(".page-header a.btn")}
    admin = {text(a) for a in main(catalogadmin_client.get(url)).select(".page-header a.btn")}
    assert practitioner == {"Open a vial", "Use from this lot"}
    assert admin == {"Correct the count"}
    assert "Receive stock" in text(main(catalogadmin_client.get(INDEX)))
    assert "Receive stock" not in text(main(practitioner_client.get(INDEX)))


# --- the stock page -------------------------------------------------------------------------------------------------


def test_the_stock_page_shows_each_lot_in_packages_and_units(practitioner_client, toxin_lot, filler_lot):
    page = practitioner_client.get(INDEX)
    lot = row_with(lots_of(page, "Botox Cosmetic"), "C1243")
    assert lot[1] == day(toxin_lot.expiry)
    assert lot[2] == "3 packages (300 U)"
    assert row_with(lots_of(page, "Juvéderm Voluma XC"), "VB20417")[2] == "4 packages (4 mL)"
    assert "Usable: 3 packages (300 U)" in text(section(page, "Botox Cosmetic"))


def test_lots_expiring_within_30_days_are_highlighted(practitioner_client, filler_product, catalogadmin_user):
    for number, days in [("SOON", 30), ("LATER", 31), ("TODAY", 0)]:
        services.receive_lot(
            product=filler_product, lot_number=number, expiry=in_days(days), packages=1, by=catalogadmin_user
        )
    ProductLot.objects.create(  # received long ago, expired since
        product=filler_product, lot_number="GONE", expiry=in_days(-2), quantity_received=1, quantity_left=1,
        received_by=catalogadmin_user,
    )  # fmt: skip
    page = main(practitioner_client.get(INDEX))
    rows = {text(tr.td): tr for tr in page.select("table tbody tr")}
    assert "table-warning" in rows["SOON"]["class"] and "Expires within 30 days" in text(rows["SOON"])
    assert "table-warning" in rows["TODAY"]["class"]
    assert "table-warning" not in rows["LATER"].get("class", []) and "Expires" not in text(rows["LATER"])
    assert "table-danger" in rows["GONE"]["class"] and "Expired" in text(rows["GONE"])
    heading = text(section(page, "Juvéderm Voluma XC").h2)
    assert "2 lots expiring soon" in heading
    # The expired lot is listed but not counted as usable.
    assert "Usable: 3 packages (3 mL)" in text(section(page, "Juvéderm Voluma XC"))


def test_low_stock_is_flagged_below_one_package_by_default(
    practitioner_client, toxin_lot, filler_lot, practitioner_user
):
    services.use_from_lot(lot=filler_lot, amount="3.5", by=practitioner_user)  # half a syringe left
    page = main(practitioner_client.get(INDEX))
    assert "Low stock" in text(section(page, "Juvéderm Voluma XC").h2)
    assert "Low stock" not in text(section(page, "Botox Cosmetic").h2)
    assert "flagged below 1 package" in text(section(page, "Botox Cosmetic"))


def test_a_product_without_stock_is_low_and_says_none_in_stock(practitioner_client, dysport_product):
    found = section(practitioner_client.get(INDEX), "Dysport")
    assert "Low stock" in text(found.h2)
    assert "None in stock." in text(found)


def test_the_clinic_default_and_a_products_own_threshold_decide_low_stock(
    practitioner_client, toxin_lot, settings, botox_product, catalogadmin_user
):
    settings.HARMONY_LOW_STOCK_PACKAGES = 4
    assert "Low stock" in text(section(practitioner_client.get(INDEX), "Botox Cosmetic").h2)  # 3 < 4
    services.set_low_stock_threshold(product=botox_product, packages=2, by=catalogadmin_user)
    found = section(practitioner_client.get(INDEX), "Botox Cosmetic")
    assert "Low stock" not in text(found.h2)
    assert "flagged below 2 packages" in text(found)


def test_a_catalog_admin_sets_a_threshold_and_bad_input_is_answered_at_the_field(catalogadmin_client, botox_product):
    url = reverse("stock:threshold", args=[botox_product.slug])
    assert field_value(catalogadmin_client.get(url), "low_stock_packages") == "1"
    page = catalogadmin_client.post(url, {"low_stock_packages": "lots"})
    assert page.status_code == 200
    assert field_error(page, "low_stock_packages") == "Enter a number, e.g. 2 or 0.5."
    assert field_value(page, "low_stock_packages") == "lots"
    page = catalogadmin_client.post(url, {"low_stock_packages": "-2"})
    assert field_error(page, "low_stock_packages") == "Enter 0 or more packages."
    response = catalogadmin_client.post(url, {"low_stock_packages": "2,5"}, follow=True)
    assert "Botox Cosmetic is flagged when fewer than 2.5 packages are left." in alerts(response)[0]
    assert "flagged below 2.5 packages" in text(section(response, "Botox Cosmetic"))


def test_the_stock_page_reads_in_a_fixed_number_of_queries(
    practitioner_client, botox_product, filler_product, catalogadmin_user, practitioner_user, django_assert_num_queries
):
    def stock(n):
        for i in range(n):
            lot = services.receive_lot(
                product=botox_product, lot_number=f"B{n}{i}", expiry=in_days(20 + i), packages=2, by=catalogadmin_user
            )
            services.open_vial(lot=lot, by=practitioner_user)
            services.receive_lot(
                product=filler_product, lot_number=f"F{n}{i}", expiry=in_days(60), packages=1, by=catalogadmin_user
            )

    stock(1)
    practitioner_client.get(INDEX)  # warm the session and permission caches
    # session, user, the two-factor device (django-otp), permissions (2), lots, vials, stock settings, products, the
    # emergency kit's minimum, the nav bar's roles
    with django_assert_num_queries(11) as one_lot:
        practitioner_client.get(INDEX)
    stock(5)
    with django_assert_num_queries(len(one_lot.captured_queries)):
        page = practitioner_client.get(INDEX)
    assert len(lots_of(page, "Botox Cosmetic")) == len(lots_of(page, "Juvéderm Voluma XC")) == 6
    assert len(section(page, "Botox Cosmetic").select("h3 + ul li")) == 6  # one opened vial per toxin lot


# --- receiving ------------------------------------------------------------------------------------------------------


def receive(client, **fields):
    data = {"product": "", "lot_number": "", "expiry": "", "packages": "", "note": "", **fields}
    return client.post(reverse("stock:receive"), data)


def test_receiving_stock_goes_to_the_new_lots_page(catalogadmin_client, botox_product):
    expiry = in_days(400)
    response = receive(
        catalogadmin_client, product=botox_product.pk, lot_number="C9", expiry=expiry.strftime("%d/%m/%Y"), packages="2"
    )
    lot = ProductLot.objects.get(lot_number="C9")
    assert response.status_code == 302 and response["Location"] == reverse("stock:lot_detail", args=[lot.code])
    page = catalogadmin_client.get(response["Location"])
    assert alerts(page)[0].startswith("Received 2 packages (200 U) of Botox Cosmetic, lot C9.")
    assert text_of(page, "[data-testid=lot-left]") == "200 U (2 packages)"
    assert row_with(table_rows(page, "History of lot C9"), "Received")[2] == "+200 U"


def test_receiving_an_expired_lot_is_refused_next_to_the_expiry_and_keeps_what_was_typed(
    catalogadmin_client, botox_product
):
    page = receive(
        catalogadmin_client,
        product=botox_product.pk,
        lot_number="OLD7",
        expiry="01/01/2020",
        packages="3",
        note="box 2",
    )
    assert page.status_code == 200
    assert field_error(page, "expiry") == "This lot expired on 1 Jan 2020: expired stock cannot be received."
    assert (field_value(page, "lot_number"), field_value(page, "packages"), field_value(page, "note")) == (
        "OLD7", "3", "box 2",
    )  # fmt: skip
    assert field_value(page, "expiry") == "01/01/2020"
    assert field_value(page, "product") == str(botox_product.pk)
    assert not ProductLot.objects.exists()


def test_receiving_a_lot_number_twice_is_refused_next_to_the_lot_number(catalogadmin_client, toxin_lot, botox_product):
    page = receive(
        catalogadmin_client, product=botox_product.pk, lot_number="c1243", expiry=in_days(50).strftime("%d/%m/%Y"),
        packages="1",
    )  # fmt: skip
    assert field_error(page, "lot_number").startswith("Lot C1243 of Botox Cosmetic was already received on ")
    assert ProductLot.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "name", "message"),
    [
        ({"packages": "two"}, "packages", "Enter the number of whole packages received, from 1 to 999."),
        ({"packages": "0"}, "packages", "Enter the number of whole packages received, from 1 to 999."),
        ({"packages": "1.5"}, "packages", "Enter the number of whole packages received, from 1 to 999."),
        ({"packages": ""}, "packages", "Enter how many packages of this lot arrived."),
        ({"expiry": "31/02/2030"}, "expiry", "Enter a valid date as dd/mm/yyyy, for example 15/06/2026."),
        ({"expiry": ""}, "expiry", "Enter the expiry date from the package's label."),
        ({"lot_number": "  "}, "lot_number", "Enter the lot number from the package's label."),
        ({"lot_number": "X" * 41}, "lot_number", "A lot number is at most 40 characters."),
        ({"product": ""}, "product", "Choose the product received."),
        ({"product": "999999"}, "product", "Choose a product from the list."),
    ],
)
def test_bad_receipts_are_answered_next_to_the_field(catalogadmin_client, botox_product, fields, name, message):
    typed = {
        "product": botox_product.pk,
        "lot_number": "L1",
        "expiry": in_days(9).strftime("%d/%m/%Y"),
        "packages": "1",
    }
    page = receive(catalogadmin_client, **{**typed, **fields})
    assert page.status_code == 200
    assert field_error(page, name) == message
    for other in set(typed) - {name, "product"}:
        assert field_value(page, other) == str({**typed, **fields}[other]), other
    assert not ProductLot.objects.exists()


# --- a lot ----------------------------------------------------------------------------------------------------------


def test_the_lot_page_lists_every_change_with_who_and_why(
    catalogadmin_client, toxin_lot, practitioner_user, catalogadmin_user
):
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user)
    services.use_from_vial(vial=vial, units=20, by=practitioner_user, reference="session 3f2a")
    services.adjust_lot(lot=toxin_lot, quantity_left=150, by=catalogadmin_user, reason="one vial broken")
    page = catalogadmin_client.get(reverse("stock:lot_detail", args=[toxin_lot.code]))
    history = table_rows(page, "History of lot C1243")
    assert [row[1].split(" · ")[0] for row in history] == ["Count corrected", "Used", "Vial opened", "Received"]
    used = row_with(history, "session 3f2a")
    assert used[2:] == ["-20 U", "vial: 80 U", "Priya Shah", "0.5 mL at 4 U per 0.1 mL · session 3f2a"]
    assert row_with(history, "Count corrected")[2:] == ["-50 U", "lot: 150 U", "Cato Admin", "one vial broken"]
    assert row_with(history, "Vial opened")[3] == "lot: 200 U vial: 100 U"
    assert text_of(page, "[data-testid=lot-left]") == "150 U (1.5 packages)"
    assert "80 U left at 4 U per 0.1 mL" in text(section(page, "Vials opened from this lot"))


def test_an_expired_lot_says_so_and_offers_no_use(practitioner_client, filler_lot):
    ProductLot.objects.filter(pk=filler_lot.pk).update(expiry=in_days(-1))
    page = practitioner_client.get(reverse("stock:lot_detail", args=[filler_lot.code]))
    assert text_of(page, "[data-testid=lot-problem]").startswith("Lot VB20417 of Juvéderm Voluma XC expired on ")
    assert not main(page).select(".page-header a.btn")
    response = practitioner_client.post(reverse("stock:lot_use", args=[filler_lot.code]), {"amount": "1"})
    assert response.status_code == 200
    assert any("expired on" in alert for alert in alerts(response))


def test_using_more_than_is_left_is_answered_next_to_the_amount(practitioner_client, filler_lot):
    url = reverse("stock:lot_use", args=[filler_lot.code])
    page = practitioner_client.post(url, {"amount": "5", "reference": "session 9"})
    assert field_error(page, "amount") == "Only 4 mL left in lot VB20417; choose another lot or vial."
    assert (field_value(page, "amount"), field_value(page, "reference")) == ("5", "session 9")
    page = practitioner_client.post(url, {"amount": "a bit"})
    assert field_error(page, "amount") == "Enter a number, e.g. 20 or 0.5."
    page = practitioner_client.post(url, {"amount": "0"})
    assert field_error(page, "amount") == "Enter how much was taken, above 0 mL."
    response = practitioner_client.post(url, {"amount": "1,5", "reference": "session 9"}, follow=True)
    assert "Took 1.5 mL from lot VB20417; 2.5 mL (2.5 packages) left." in alerts(response)[0]


def test_a_count_correction_asks_for_a_reason_at_the_field(catalogadmin_client, filler_lot):
    url = reverse("stock:lot_adjust", args=[filler_lot.code])
    page = catalogadmin_client.post(url, {"quantity_left": "3", "reason": ""})
    assert field_error(page, "reason") == "Say why the count changes."
    assert field_value(page, "quantity_left") == "3"
    page = catalogadmin_client.post(url, {"quantity_left": "9", "reason": "counted"})
    assert field_error(page, "quantity_left") == "Lot VB20417 was received with 4 mL: it cannot hold more than that."
    response = catalogadmin_client.post(url, {"quantity_left": "3", "reason": "counted"}, follow=True)
    assert "Lot VB20417's count is corrected from 4 mL to 3 mL (3 packages)." in alerts(response)[0]


# --- vials ----------------------------------------------------------------------------------------------------------


def test_the_open_vial_form_offers_the_labelled_diluent_and_says_the_beyond_use_time(practitioner_client, toxin_lot):
    page = practitioner_client.get(reverse("stock:vial_open", args=[toxin_lot.code]))
    assert field_value(page, "diluent_ml") == "2.5"
    facts = text_of(page, "[data-testid=form-facts]")
    assert "Beyond-use time: 24 h after opening, the label's time." in facts
    assert "HARMONY_VIAL_USE_HOURS" in facts and "§2b" in facts


def test_the_open_vial_form_says_the_clinic_policy_and_the_label_when_a_policy_is_set(
    practitioner_client, toxin_lot, settings
):
    settings.HARMONY_VIAL_USE_HOURS = 72
    facts = text_of(
        practitioner_client.get(reverse("stock:vial_open", args=[toxin_lot.code])), "[data-testid=form-facts]"
    )
    assert (
        "Beyond-use time: 72 h after opening, the clinic's policy (HARMONY_VIAL_USE_HOURS; the label says 24 h). "
        "The §2b expert consensus allows a clinic policy longer than the label"
    ) in facts


def test_the_open_vial_form_says_when_no_beyond_use_time_is_on_record(
    practitioner_client, dysport_product, catalogadmin_user
):
    lot = services.receive_lot(
        product=dysport_product, lot_number="D7", expiry=in_days(50), packages=1, by=catalogadmin_user
    )
    page = practitioner_client.get(reverse("stock:vial_open", args=[lot.code]))
    assert "Beyond-use time: no beyond-use time on record for Dysport" in text_of(page, "[data-testid=form-facts]")


def test_opening_a_vial_shows_its_concentration_and_beyond_use_time(practitioner_client, toxin_lot):
    now = timezone.localtime()
    response = practitioner_client.post(
        reverse("stock:vial_open", args=[toxin_lot.code]),
        {"diluent_ml": "2,5", "opened_on": now.strftime("%d/%m/%Y"), "opened_time": now.strftime("%H:%M")},
        follow=True,
    )
    vial = toxin_lot.vials.get()
    assert response.redirect_chain[-1][0] == reverse("stock:vial_detail", args=[vial.code])
    assert text_of(response, "[data-testid=vial-concentration]") == "4 U per 0.1 mL (100 U in 2.5 mL)"
    opened = now.replace(second=0, microsecond=0)
    assert text_of(response, "[data-testid=vial-beyond-use]") == (
        f"{moment(opened + dt.timedelta(hours=24))} (24 h after opening, the label's time)"
    )
    assert vial.opened_at == opened


def test_bad_vial_openings_are_answered_next_to_the_field(practitioner_client, toxin_lot):
    url = reverse("stock:vial_open", args=[toxin_lot.code])
    later = timezone.localtime() + dt.timedelta(hours=3)
    page = practitioner_client.post(
        url, {"diluent_ml": "0", "opened_on": later.strftime("%d/%m/%Y"), "opened_time": later.strftime("%H:%M")}
    )
    assert field_error(page, "diluent_ml") == "Enter a diluent volume above zero."
    assert field_error(page, "opened_time") == "The opening time is in the future: enter when the vial was opened."
    page = practitioner_client.post(url, {"diluent_ml": "2.5", "opened_on": "yesterday", "opened_time": "25:00"})
    assert field_error(page, "opened_on").startswith("Enter a valid date as dd/mm/yyyy")
    assert field_error(page, "opened_time").startswith("Enter a valid time as hh:mm")
    assert (field_value(page, "opened_on"), field_value(page, "opened_time")) == ("yesterday", "25:00")
    toxin_lot.refresh_from_db()
    assert toxin_lot.quantity_left == Decimal(300)


def test_a_filler_lot_sends_the_practitioner_back_instead_of_opening_a_vial(practitioner_client, filler_lot):
    response = practitioner_client.get(reverse("stock:vial_open", args=[filler_lot.code]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("stock:lot_detail", args=[filler_lot.code])
    assert "used straight from the lot" in alerts(response)[0]


def test_drawing_from_a_vial_says_the_volume(practitioner_client, opened_vial):
    url = reverse("stock:vial_use", args=[opened_vial.code])
    page = practitioner_client.post(url, {"units": "120", "reference": ""})
    assert field_error(page, "units").startswith("Only 100 U left in the vial of lot C1243 opened ")
    response = practitioner_client.post(url, {"units": "20", "reference": "session 1"}, follow=True)
    assert "Drew 20 U (0.5 mL at 4 U per 0.1 mL); 80 U left in the vial." in alerts(response)[0]
    assert text_of(response, "[data-testid=vial-left]") == "80 U"


def test_a_vial_past_its_beyond_use_time_cannot_be_drawn_from_and_says_when_it_expired(
    practitioner_client, toxin_lot, practitioner_user
):
    opened = timezone.now() - dt.timedelta(hours=30)
    vial = services.open_vial(lot=toxin_lot, by=practitioner_user, opened_at=opened)
    expected = (
        f"This vial passed its beyond-use time on {moment(opened + dt.timedelta(hours=24))} (24 h after opening, the "
        "label's time), so it cannot be used: discard it and open a new vial."
    )
    page = practitioner_client.get(reverse("stock:vial_detail", args=[vial.code]))
    assert text_of(page, "[data-testid=vial-problem]") == expected
    assert {text(a) for a in main(page).select(".page-header a.btn")} == {"Discard"}
    response = practitioner_client.post(reverse("stock:vial_use", args=[vial.code]), {"units": "4"})
    assert response.status_code == 200
    assert text_of(response, "#form-errors") == expected
    response = practitioner_client.post(reverse("stock:vial_discard", args=[vial.code]), {"reason": ""}, follow=True)
    assert "Vial discarded: 100 U recorded as thrown away." in alerts(response)[0]
    assert vial.movements.get(kind=MovementKind.DISCARDED).reason == "Past its beyond-use time"


def test_stock_pages_keep_the_strict_content_security_policy(practitioner_client, opened_vial):
    for url in (
        INDEX,
        reverse("stock:lot_detail", args=[opened_vial.lot.code]),
        reverse("stock:vial_detail", args=[opened_vial.code]),
    ):
        html = practitioner_client.get(url).content.decode()
        assert "style=" not in html and "<script>" not in html
        assert one(practitioner_client.get(url), "h1")


# --- every stock page, as each role that sees stock, and the admin --------------------------------------------------


@pytest.mark.parametrize("role", ["practitioner", "catalogadmin"])
def test_every_linked_stock_page_renders_with_one_h1(
    role, role_client, seeded_catalog, catalogadmin_user, practitioner_user
):
    botox = Product.objects.get(slug="botox-cosmetic")  # the seed's, with its §2b reconstitution row
    lot = services.receive_lot(product=botox, lot_number="S1", expiry=in_days(20), packages=2, by=catalogadmin_user)
    vial = services.open_vial(lot=lot, by=practitioner_user)
    assert (vial.concentration_text, vial.beyond_use_basis) == (
        "4 U per 0.1 mL",
        "24 h after opening, the label's time",
    )
    filler = Product.objects.filter(kind="filler", is_active=True).first()
    services.receive_lot(product=filler, lot_number="S2", expiry=in_days(200), packages=1, by=catalogadmin_user)
    client = role_client(role)
    seen, queue = set(), [INDEX]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(soup(response).find_all("h1")) == 1, url
        queue += [
            a["href"].split("#")[0] for a in main(response).find_all("a", href=True) if a["href"].startswith(INDEX)
        ]
    assert len(seen) >= 5


def test_the_admin_shows_stock_to_catalog_admins_read_only(catalogadmin_client, opened_vial):
    for model in ("productlot", "vial", "stockmovement", "stocksetting"):
        assert catalogadmin_client.get(reverse(f"admin:stock_{model}_changelist")).status_code == 200, model
        assert catalogadmin_client.get(reverse(f"admin:stock_{model}_add")).status_code == 403, model
    page = catalogadmin_client.get(reverse("admin:stock_productlot_change", args=[opened_vial.lot.pk]))
    assert page.status_code == 200
    assert not soup(page).find("input", attrs={"name": "lot_number"})  # shown, not editable
