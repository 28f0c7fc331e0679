"""The GET verdict pages used only for measuring (make lighthouse) are off unless asked for."""

import pytest

from backspasm_site.symptom_checker.preview import EXAMPLE_ANSWERS, verdict_preview
from tests.public_pages import VERDICT_ANSWERS

pytestmark = pytest.mark.django_db


def test_there_is_no_get_verdict_page_by_default(client, site_content, settings):
    assert settings.VERDICT_PREVIEW is False
    for disposition in VERDICT_ANSWERS:
        assert client.get(f"/symptom-checker/preview/{disposition}/").status_code == 404


@pytest.mark.parametrize("disposition", list(VERDICT_ANSWERS))
def test_each_preview_renders_the_verdict_the_checker_gives(rf, site_content, disposition):
    assert EXAMPLE_ANSWERS[disposition] == VERDICT_ANSWERS[disposition]
    response = verdict_preview(rf.get("/"), disposition=disposition)
    assert response.status_code == 200
    assert f'data-disposition="{disposition}"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
