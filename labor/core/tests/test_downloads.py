"""Documents as downloads: the attachment, and the 503 page when a format cannot be made."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from labor.core.documents import DocumentUnavailable
from labor.core.downloads import file_response


def test_a_document_is_an_attachment_with_its_type(db):
    response = file_response(RequestFactory().get("/"), lambda: b"%PDF-1.7", "裁處書.pdf", "pdf",
                             back="/inspections/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''%E8%A3%81" in response["Content-Disposition"]


def test_a_format_this_machine_cannot_make_answers_503_with_a_way_back(db, rf):
    def no_pango():
        raise DocumentUnavailable("Pango is missing")

    request = rf.get("/")
    request.user = AnonymousUser()
    response = file_response(request, no_pango, "x.pdf", "pdf", back="/notifications/warnings/1/",
                             back_label="回預警名單")
    assert response.status_code == 503
    body = response.content.decode()
    assert "本機無法產生 PDF 檔" in body
    assert 'href="/notifications/warnings/1/"' in body and "回預警名單" in body
