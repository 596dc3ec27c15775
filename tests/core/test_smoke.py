def test_home_page_is_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="de"' in response.text
    assert "Willkommen" in response.text
