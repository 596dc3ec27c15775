import pytest
from flask import abort

from participation import create_app


@pytest.fixture()
def error_app(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom/<int:code>")
    def boom(code):
        abort(code)

    @app.get("/crash")
    def crash():
        raise RuntimeError("unexpected")

    return app


GERMAN = {
    400: "Die Anfrage ist ungültig",
    403: "Kein Zugriff",
    404: "Seite nicht gefunden",
    405: "Aktion nicht möglich",
    413: "Die Daten sind zu groß",
    429: "Zu viele Versuche",
}
ENGLISH = {
    400: "The request is not valid",
    403: "No access",
    404: "Page not found",
    405: "Action not possible",
    413: "The data is too large",
    429: "Too many attempts",
}


@pytest.mark.parametrize("code", sorted(GERMAN))
def test_error_pages_in_german(error_app, code):
    response = error_app.test_client().get(f"/boom/{code}")
    assert response.status_code == code
    assert GERMAN[code] in response.text
    assert 'lang="de"' in response.text


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_error_pages_in_english(error_app, code):
    client = error_app.test_client()
    client.post("/language", data={"lang": "en"})
    response = client.get(f"/boom/{code}")
    assert response.status_code == code
    assert ENGLISH[code] in response.text
    assert 'lang="en"' in response.text


def test_unexpected_exception_gives_translated_500(error_app):
    client = error_app.test_client()
    response = client.get("/crash")
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.text
    client.post("/language", data={"lang": "en"})
    assert "Something went wrong" in client.get("/crash").text


def test_wrong_method_gives_405_page(client):
    response = client.get("/account/signout")
    assert response.status_code == 405
    assert "Aktion nicht möglich" in response.text
