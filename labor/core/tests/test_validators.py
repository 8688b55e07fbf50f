import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from labor.core import validators
from labor.core.models import Establishment, Industry, Person


@pytest.fixture(autouse=True)
def zh_hant():
    with translation.override("zh-hant"):
        yield


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.parametrize(
    ("validator", "bad", "words", "code"),
    [
        (validators.validate_ubn, "00501502", "統一編號", "invalid_ubn"),
        (validators.validate_ubn, "1234", "統一編號", "invalid_ubn"),
        (validators.validate_national_id, "A123456788", "身分證字號", "invalid_national_id"),
        (validators.validate_national_id, "A323456789", "身分證字號", "invalid_national_id"),
        (validators.validate_ui_number, "A800000015", "統一證號", "invalid_ui_number"),
        (validators.validate_passport, "12", "護照號碼", "invalid_passport"),
    ],
)
def test_a_bad_identifier_is_refused_with_a_zh_hant_message_naming_it(validator, bad, words, code):
    with pytest.raises(ValidationError) as excinfo:
        validator(bad)
    assert words in messages_of(excinfo)
    assert bad in messages_of(excinfo)
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("validator", "good"),
    [
        (validators.validate_ubn, "22099131"),
        (validators.validate_national_id, "A123456789"),
        (validators.validate_ui_number, "A800000014"),
        (validators.validate_passport, "312345678"),
    ],
)
def test_a_good_identifier_passes_its_validator(validator, good):
    validator(good)


def test_an_unknown_id_kind_is_an_error_on_the_kind_field():
    with pytest.raises(ValidationError) as excinfo:
        validators.validate_person_id("driving_licence", "A123456789")
    assert excinfo.value.message_dict == {"id_kind": ["證號類別不正確。"]}


def test_a_person_id_of_the_wrong_kind_is_an_error_on_the_id_number_field():
    with pytest.raises(ValidationError) as excinfo:
        validators.validate_person_id("ui_number", "A123456789")
    assert list(excinfo.value.message_dict) == ["id_number"]
    assert "統一證號" in excinfo.value.message_dict["id_number"][0]


@pytest.mark.django_db
def test_person_full_clean_with_a_bad_national_id_reports_it_on_id_number():
    person = Person(id_kind=Person.IdKind.NATIONAL_ID, id_number="A123456788", name="王小明")
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    errors = excinfo.value.message_dict
    assert set(errors) == {"id_number"}
    assert "身分證字號「A123456788」格式或檢查碼不正確。" in errors["id_number"]


@pytest.mark.django_db
def test_person_full_clean_accepts_a_valid_national_id():
    Person(id_kind=Person.IdKind.NATIONAL_ID, id_number="A123456789", name="王小明").full_clean()


@pytest.mark.django_db
def test_establishment_full_clean_with_a_bad_ubn_reports_it_on_ubn():
    establishment = Establishment(
        ubn="00501502",
        name="測試公司",
        industry=Industry.objects.get(code="C"),
        district_id=None,
    )
    with pytest.raises(ValidationError) as excinfo:
        establishment.full_clean(exclude=["district"])
    assert (
        "統一編號「00501502」格式或檢查碼不正確，應為 8 位數字。"
        in (excinfo.value.message_dict["ubn"])
    )
