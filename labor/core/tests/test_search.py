import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labor.core import search, services
from labor.core.models import Channel
from tests import conftest as shared

# The shared fixtures (tests/conftest.py only reaches tests/ by itself).
establishment_factory = shared.establishment_factory
person_factory = shared.person_factory
staff_user = shared.staff_user
unit_factory = shared.unit_factory

SEARCH = "/search/"


@pytest.fixture
def officer(client, staff_user):
    user = staff_user("officer", perms=[])
    client.force_login(user)
    return user


def _open_case(**kwargs):
    return services.case_open(
        line="general", channel=Channel.COUNTER, status="received",
        received_at=timezone.make_aware(dt.datetime(2023, 3, 1, 10, 0)), **kwargs,
    )


@pytest.mark.parametrize(
    ("query", "kind", "value"),
    [
        ("22099131", search.Kind.UBN, "22099131"),
        (" 2209 9131 ", search.Kind.UBN, "22099131"),
        ("112-GEN-000001", search.Kind.CASE_NUMBER, "112-GEN-000001"),
        ("112-gen-1", search.Kind.CASE_NUMBER, "112-GEN-000001"),
        ("112GEN000001", search.Kind.CASE_NUMBER, "112-GEN-000001"),
        ("a123456789", search.Kind.PERSONAL_ID, "A123456789"),
        ("AC01234567", search.Kind.PERSONAL_ID, "AC01234567"),
        ("２２０９９１３１", search.Kind.UBN, "22099131"),
        ("Ａ１２３４５６７８９", search.Kind.PERSONAL_ID, "A123456789"),
        ("台積電", search.Kind.NAME, "台積電"),
        ("大同（股）公司", search.Kind.NAME, "大同（股）公司"),
        ("  大同   公司 ", search.Kind.NAME, "大同 公司"),
    ],
)
def test_a_query_is_recognised_by_its_shape(query, kind, value):
    assert search.classify(query) == (kind, value)


@pytest.mark.django_db
def test_an_exact_ubn_goes_straight_to_the_establishment(client, officer, establishment_factory):
    est = establishment_factory("大安測試有限公司")
    response = client.get(SEARCH, {"q": est.ubn})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:establishment", args=[est.ubn])


@pytest.mark.django_db
def test_a_ubn_typed_with_spaces_and_dashes_still_goes_straight_there(
    client, officer, establishment_factory
):
    est = establishment_factory()
    typed = f"{est.ubn[:4]}-{est.ubn[4:]} "
    response = client.get(SEARCH, {"q": typed})
    assert response["Location"] == reverse("core:establishment", args=[est.ubn])


@pytest.mark.django_db
def test_seven_digits_get_a_helpful_message_and_a_400(client, officer):
    response = client.get(SEARCH, {"q": "2209913"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "統一編號應為 8 位數字，您輸入了 7 位數字" in html
    assert 'aria-describedby="id_q_helptext id_q_error"' in html


@pytest.mark.django_db
def test_an_empty_query_asks_for_one(client, officer):
    response = client.get(SEARCH, {"q": "  "})
    assert response.status_code == 400
    assert "請輸入統一編號" in response.content.decode()


@pytest.mark.django_db
def test_control_characters_are_refused_not_sent_to_the_database(client, officer):
    response = client.get(SEARCH, {"q": "大同\x00公司"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_overlong_query_is_refused_with_a_message(client, officer):
    response = client.get(SEARCH, {"q": "勞" * 500})
    assert response.status_code == 400
    assert "查詢文字過長" in response.content.decode()


@pytest.mark.django_db
def test_a_ubn_with_a_wrong_check_digit_is_pointed_out(client, officer):
    response = client.get(SEARCH, {"q": "22099132"})
    assert response.status_code == 200
    assert "檢查碼不正確" in response.content.decode()


@pytest.mark.django_db
def test_a_valid_but_unknown_ubn_says_nothing_was_found(client, officer):
    response = client.get(SEARCH, {"q": "22099131"})
    assert "查無統一編號 22099131 的事業單位" in response.content.decode()


@pytest.mark.django_db
def test_a_name_lists_the_establishments_that_contain_it(client, officer, establishment_factory):
    wanted = establishment_factory("信義精密工業股份有限公司")
    other = establishment_factory("松山餐飲有限公司")
    response = client.get(SEARCH, {"q": "精密"})
    html = response.content.decode()
    assert response.status_code == 200
    assert wanted.name in html and wanted.ubn in html
    assert other.name not in html


@pytest.mark.django_db
def test_a_long_name_list_is_paginated(client, officer, establishment_factory):
    for i in range(25):
        establishment_factory(f"連鎖便利商店第{i:02d}分店")
    first = client.get(SEARCH, {"q": "便利商店"}).content.decode()
    second = client.get(SEARCH, {"q": "便利商店", "page": 2}).content.decode()
    assert "第00分店" in first and "第24分店" not in first
    assert "第24分店" in second
    assert "共 25 筆" in first
    assert "q=%E4%BE%BF%E5%88%A9%E5%95%86%E5%BA%97&amp;page=2" in first


@pytest.mark.django_db
def test_a_personal_id_lists_the_person_with_the_id_masked(client, officer, person_factory):
    person = person_factory("陳美玲", id_number="A123456789")
    response = client.get(SEARCH, {"q": "a123456789"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "陳美玲" in html
    assert "A12****789" in html
    assert "A123456789" not in html
    # Without core.view_person_full there is no link to the full record.
    assert reverse("core:person", args=[person.pk]) not in html


@pytest.mark.django_db
def test_holders_of_the_full_view_permission_get_a_link_to_the_record(
    client, staff_user, person_factory
):
    client.force_login(staff_user("reader", perms=["core.view_person_full"]))
    person = person_factory("陳美玲", id_number="A123456789")
    html = client.get(SEARCH, {"q": "A123456789"}).content.decode()
    assert reverse("core:person", args=[person.pk]) in html
    assert "A123456789" not in html


@pytest.mark.django_db
def test_names_of_people_are_listed_with_masked_ids(client, officer, person_factory):
    person_factory("林志明", id_number="A123456789")
    html = client.get(SEARCH, {"q": "林志明"}).content.decode()
    assert "A12****789" in html and "A123456789" not in html


@pytest.mark.django_db
def test_a_wrong_personal_id_is_pointed_out_masked(client, officer):
    html = client.get(SEARCH, {"q": "A123456788"}).content.decode()
    assert "格式或檢查碼不正確" in html
    assert "A123456788" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["{n}", "{lower}", "{nodash}"])
def test_a_case_number_goes_straight_to_the_case_whatever_the_case(
    client, officer, typed
):
    case = _open_case(unit=officer.staff_profile.unit)
    query = typed.format(
        n=case.number, lower=case.number.lower(), nodash=case.number.replace("-", "")
    )
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:case", args=[case.number])


@pytest.mark.django_db
def test_a_case_outside_ones_lines_is_not_opened(client, staff_user, unit_factory):
    client.force_login(staff_user("outsider", unit=unit_factory("other", "其他科", lines=[])))
    case = _open_case(unit=unit_factory("owner", "承辦科", lines=["general"]))
    response = client.get(SEARCH, {"q": case.number})
    assert response.status_code == 200
    assert "不在您可檢視的業務範圍內" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_case_prefix_is_explained(client, officer):
    html = client.get(SEARCH, {"q": "112-XYZ-000001"}).content.decode()
    assert "案號字軌「XYZ」不存在" in html


@pytest.mark.django_db
def test_search_needs_a_login(client):
    response = client.get(SEARCH, {"q": "22099131"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.one_of(
        st.text(max_size=120),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
        st.from_regex(r"\A[0-9 \-]{0,12}\Z"),
        st.from_regex(r"\A[A-Za-z][0-9A-Da-d][0-9]{8}\Z"),
        st.from_regex(r"\A[0-9]{2,4}-?[A-Za-z]{1,7}-?[0-9]{0,8}\Z"),
    )
)
def test_no_query_breaks_the_search(query, staff_user):
    user = staff_user()
    error = search.shape_error(query)
    if error is None:
        outcome = search.global_search(user=user, query=query)
        assert outcome.redirect_to or outcome.notices or outcome.found_anything
    else:
        assert error.strip()


@pytest.mark.django_db
def test_a_posted_personal_id_is_answered_without_putting_it_in_a_url(
    client, officer, person_factory
):
    person_factory("陳美玲", id_number="A123456789")
    response = client.post(SEARCH, {"q": "A123456789"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "A12****789" in html
    assert "A123456789" not in html


@pytest.mark.django_db
def test_a_posted_name_is_redirected_to_a_result_url_that_can_be_paged(client, officer):
    response = client.post(SEARCH, {"q": "精密 工業"})
    assert response.status_code == 302
    assert response["Location"] == f"{SEARCH}?q=%E7%B2%BE%E5%AF%86+%E5%B7%A5%E6%A5%AD"


@pytest.mark.django_db
def test_a_posted_ubn_goes_straight_to_the_establishment(client, officer, establishment_factory):
    est = establishment_factory()
    response = client.post(SEARCH, {"q": est.ubn})
    assert response["Location"] == reverse("core:establishment", args=[est.ubn])


@pytest.mark.django_db
def test_a_posted_bad_query_is_a_400_with_the_message(client, officer):
    response = client.post(SEARCH, {"q": "123"})
    assert response.status_code == 400
    assert "您輸入了 3 位數字" in response.content.decode()
