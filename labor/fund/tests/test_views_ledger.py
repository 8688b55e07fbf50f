"""The fund's ledger pages through the Django test client: who may see and post, manual
entries (bad input → 400 with zh-Hant field messages, nothing written), an entry's page and
its reversal (once only), the account list, and the statements in HTML and CSV."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from labor.fund import services
from labor.fund.models import JournalEntry, JournalLine
from labor.fund.tests.test_ledger import END_2022, END_2023H1, build_small_ledger
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory

pytestmark = pytest.mark.django_db

VIEW = "fund.view_journalentry"
POST = "fund.post_entry"
D = dt.date(2023, 3, 31)
JOURNAL = reverse("fund_ledger:journal")


@pytest.fixture
def office(unit_factory):
    return unit_factory("labor-relations", "勞資關係科", lines=("fund",))


@pytest.fixture
def viewer(staff_user, office):
    return staff_user("viewer", unit=office, perms=[VIEW])


@pytest.fixture
def accountant(staff_user, office):
    return staff_user("accountant", unit=office, perms=[VIEW, POST], last_name="陳",
                      first_name="會計")


@pytest.fixture
def outsider(staff_user, office):
    return staff_user("outsider", unit=office)


def login(client, user):
    client.force_login(user)
    return client


def entry_data(**fields):
    return {"kind": "appropriation", "posted_on": D.isoformat(), "amount": "1000000",
            "description": "112年度市府撥入第1期", **fields}


def text(response):
    return response.content.decode()


# --- who may see and post ----------------------------------------------------------------------


def urls():
    entry = services.manual_entry_post(kind="interest", posted_on=D, amount=10,
                                       description="利息")
    return [JOURNAL, reverse("fund_ledger:entry", args=[entry.pk]),
            reverse("fund_ledger:accounts"), reverse("fund_ledger:statement", args=["2023-03"]),
            reverse("fund_ledger:statement", args=["2023"]) + "?format=csv"]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in urls():
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_staff_without_the_ledger_permission_get_403(client, outsider):
    login(client, outsider)
    for url in urls():
        response = client.get(url)
        assert response.status_code == 403, url
        assert "可檢視分錄" in text(response)


def test_a_viewer_sees_the_pages_but_cannot_post_or_reverse(client, viewer):
    pages = urls()
    login(client, viewer)
    for url in pages:
        assert client.get(url).status_code == 200, url
    journal = text(client.get(JOURNAL))
    assert 'id="post-entry"' not in journal
    assert client.post(JOURNAL, entry_data()).status_code == 403
    entry = JournalEntry.objects.get()
    page = text(client.get(reverse("fund_ledger:entry", args=[entry.pk])))
    assert 'id="reverse"' not in page
    response = client.post(reverse("fund_ledger:reverse", args=[entry.pk]),
                           {"posted_on": D.isoformat(), "confirm": "on"})
    assert response.status_code == 403
    assert JournalEntry.objects.count() == 1


# --- posting a manual entry ----------------------------------------------------------------------


def test_an_accountant_posts_a_manual_entry(client, accountant):
    login(client, accountant)
    page = text(client.get(JOURNAL))
    assert 'id="post-entry"' in page and "市府撥入" in page
    response = client.post(JOURNAL, entry_data())
    entry = JournalEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("fund_ledger:entry", args=[entry.pk])
    assert entry.posted_by == accountant and entry.posted_on == D
    assert sorted(entry.lines.values_list("account__code", "debit", "credit")) == [
        ("1101", 1_000_000, 0), ("4101", 0, 1_000_000)]
    page = text(client.get(response["Location"]))
    assert "NT$1,000,000" in page and "112年3月31日" in page and "陳會計" in page
    journal = text(client.get(JOURNAL))
    assert "112年度市府撥入第1期" in journal and "1,000,000" in journal


@pytest.mark.parametrize("fields, field, message", [
    ({"kind": ""}, "kind", "請選擇分錄類別。"),
    ({"kind": "gift"}, "kind", "分錄類別不正確。"),
    ({"amount": ""}, "amount", "請輸入金額。"),
    ({"amount": "abc"}, "amount", "金額請輸入整數（元）。"),
    ({"amount": "12.5"}, "amount", "金額請輸入整數（元）。"),
    ({"amount": "0"}, "amount", "金額須大於 0。"),
    ({"amount": "-100"}, "amount", "金額須大於 0。"),
    ({"amount": "99999999999999999999"}, "amount", "金額過大，請確認。"),
    ({"posted_on": ""}, "posted_on", "請輸入日期。"),
    ({"posted_on": "2023-02-30"}, "posted_on", "日期格式不正確。"),
    ({"posted_on": "2999-01-01"}, "posted_on", "記帳日期不得晚於今日。"),
    ({"description": ""}, "description", "請輸入摘要。"),
    ({"description": "摘" * 201}, "description", "摘要不得超過200字。"),
    ({"kind": "administrative"}, "amount", "基金現金及銀行存款不足"),
])
def test_bad_input_is_a_400_with_the_fields_message_and_nothing_written(
        client, accountant, fields, field, message):
    login(client, accountant)
    response = client.post(JOURNAL, entry_data(**fields))
    assert response.status_code == 400
    assert message in text(response)
    assert field in response.context["form"].errors
    assert "分錄未登錄，資料未變更。" in text(response)
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()


def test_the_journal_is_newest_first_paged_and_filtered_by_account(client, viewer):
    for day in range(1, 31):
        services.manual_entry_post(kind="interest", posted_on=dt.date(2023, 1, day),
                                   amount=day, description=f"利息{day:02d}")
    services.manual_entry_post(kind="tuition_subsidy", posted_on=dt.date(2023, 1, 31),
                               amount=5, description="就學補助")
    login(client, viewer)
    first = client.get(JOURNAL)
    entries = list(first.context["page"].object_list)
    assert len(entries) == 25 and entries[0].description == "就學補助"
    assert [e.posted_on for e in entries] == sorted((e.posted_on for e in entries),
                                                    reverse=True)
    second = client.get(JOURNAL, {"page": 2})
    assert [e.description for e in second.context["page"].object_list][-1] == "利息01"
    filtered = client.get(JOURNAL, {"account": "5201"})
    assert [e.description for e in filtered.context["page"].object_list] == ["就學補助"]


def test_a_payment_links_to_its_application(client, viewer):
    from labor.fund.tests.test_ledger import paid_application

    payment = paid_application()
    number = payment.item.application.case.number
    try:
        url = reverse("fund:application", args=[number])
    except NoReverseMatch:
        pytest.skip("fund:application is not there yet (labor/fund/urls.py)")
    login(client, viewer)
    assert url in text(client.get(JOURNAL))
    page = client.get(reverse("fund_ledger:entry", args=[payment.journal_entry.pk]))
    assert url in text(page) and 'id="reverse"' not in text(page)


# --- an entry and its reversal ----------------------------------------------------------------


def test_an_entry_is_reversed_once_only(client, accountant):
    entry = services.manual_entry_post(kind="interest", posted_on=D, amount=900,
                                       description="利息")
    url = reverse("fund_ledger:reverse", args=[entry.pk])
    login(client, accountant)
    page = text(client.get(reverse("fund_ledger:entry", args=[entry.pk])))
    assert 'id="reverse"' in page and "確認沖正此分錄" in page
    response = client.post(url, {"posted_on": D.isoformat()})  # not confirmed
    assert response.status_code == 400 and "請勾選確認沖正。" in text(response)
    response = client.post(url, {"posted_on": "2023-03-30", "confirm": "on"})
    assert response.status_code == 400 and "沖正日期不得早於原分錄日期。" in text(response)
    assert JournalEntry.objects.count() == 1
    response = client.post(url, {"posted_on": D.isoformat(), "confirm": "on"})
    reversal = JournalEntry.objects.get(reverses=entry)
    assert response.status_code == 302
    assert response["Location"] == reverse("fund_ledger:entry", args=[reversal.pk])
    assert reversal.posted_by == accountant
    assert services.account_balance("4201", D) == 0
    again = client.post(url, {"posted_on": D.isoformat(), "confirm": "on"})
    assert again.status_code == 400 and "此分錄已沖正。" in text(again)
    assert JournalEntry.objects.count() == 2
    page = text(client.get(reverse("fund_ledger:entry", args=[entry.pk])))
    assert f"#{reversal.pk}" in page and 'id="reverse"' not in page


def test_an_unknown_entry_is_404(client, accountant):
    login(client, accountant)
    assert client.get(reverse("fund_ledger:entry", args=[999])).status_code == 404
    response = client.post(reverse("fund_ledger:reverse", args=[999]),
                           {"posted_on": D.isoformat(), "confirm": "on"})
    assert response.status_code == 404


# --- accounts and statements -------------------------------------------------------------------


def test_the_account_list_with_balances(client, viewer):
    build_small_ledger()
    login(client, viewer)
    response = client.get(reverse("fund_ledger:accounts"), {"on": "2023-06-30"})
    page = text(response)
    assert response.status_code == 200
    assert "NT$732,214,309" in page and "112年6月30日" in page
    assert "現金及銀行存款" in page and "15,000,000" in page
    assert client.get(reverse("fund_ledger:accounts"), {"on": "bad"}).status_code == 400


def test_the_month_statement_page(client, viewer):
    build_small_ledger()
    login(client, viewer)
    response = client.get(reverse("fund_ledger:statement", args=["2023-06"]))
    page = text(response)
    assert response.status_code == 200
    assert "112年6月" in page and "112年5月31日" in page and "112年6月30日" in page
    assert f"NT${END_2023H1 - 600_000:,}" in page and f"NT${END_2023H1:,}" in page
    assert "利息收入" in page and "600,000" in page
    assert "檢核相符" in page
    assert reverse("fund_ledger:statement", args=["2023-05"]) in page
    assert reverse("fund_ledger:statement", args=["2023-07"]) in page
    assert reverse("fund_ledger:statement", args=["2023"]) in page
    assert "NT$10,808,083" in page  # the year to date


def test_the_year_statement_page(client, viewer):
    build_small_ledger()
    login(client, viewer)
    page = text(client.get(reverse("fund_ledger:statement", args=["2022"])))
    assert "111年" in page and f"NT${END_2022:,}" in page and "NT$700,000,000" in page
    assert "NT$21,406,226" in page and "業務及管理費用" in page
    assert reverse("fund_ledger:statement", args=["2021"]) in page


@pytest.mark.parametrize("period", ["2023H1", "2023Q2", "2023-13", "2023-6", "23", "abc",
                                    "0999", "asof:2023-06-30"])
def test_a_statement_of_anything_but_a_month_or_a_year_is_404(client, viewer, period):
    login(client, viewer)
    assert client.get(reverse("fund_ledger:statement", args=[period])).status_code == 404


def test_the_statement_csv(client, viewer):
    build_small_ledger()
    login(client, viewer)
    response = client.get(reverse("fund_ledger:statement", args=["2023-06"]), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="fund-statement-2023-06.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = [line.split(",") for line in response.content.decode("utf-8-sig").split("\r\n")
            if line]
    assert rows[0] == ["期間", "區分", "科目代碼", "科目名稱", "金額（元）"]
    assert rows[1] == ["2023-06", "期初基金餘額（2023-05-31）", "", "", str(END_2023H1 - 600_000)]
    assert ["2023-06", "收入", "4201", "利息收入", "600000"] in rows
    assert ["2023-06", "收入合計", "", "", "600000"] in rows
    assert ["2023-06", "支出合計", "", "", "0"] in rows
    assert ["2023-06", "本期賸餘（短絀）", "", "", "600000"] in rows
    assert ["2023-06", "期末基金餘額（2023-06-30）", "", "", str(END_2023H1)] in rows
    assert rows[-1] == ["2023-06", "本年度截至期末賸餘", "", "", "10808083"]
    bad = client.get(reverse("fund_ledger:statement", args=["2023-06"]), {"format": "xls"})
    assert bad.status_code == 404
