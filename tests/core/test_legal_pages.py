import pytest


@pytest.mark.parametrize("name", ["impressum", "datenschutz", "barrierefreiheit"])
def test_placeholders_say_the_operator_must_fill_them_in(client, name):
    page = client.get(f"/{name}").text
    assert "Platzhalter" in page
    assert f"pages/{name}.md" in page


def test_footer_links_every_legal_page(client):
    page = client.get("/").text
    for name in ["impressum", "datenschutz", "barrierefreiheit"]:
        assert f'href="/{name}"' in page


def test_operator_text_replaces_the_placeholder(client, app, tmp_path, monkeypatch):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "impressum.md").write_text("## Stadt Musterstadt\n\nMarkt 1", encoding="utf-8")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    page = client.get("/impressum").text
    assert "Stadt Musterstadt" in page and "Platzhalter" not in page
    client.post("/language", data={"lang": "en"})
    english = client.get("/impressum").text
    assert 'lang="de"' in english.split('class="prose"')[1][:20]  # the German text is marked
    assert "only available in German" in english
    (folder / "impressum.en.md").write_text("## Town of Musterstadt", encoding="utf-8")
    assert "Town of Musterstadt" in client.get("/impressum").text


def test_unknown_legal_page_is_404(client):
    assert client.get("/agb").status_code == 404
