def test_pages_render(client, world, operators, infra, login):
    for url in ("/infrastruktura", f"/infrastruktura/{infra['duct'].id}", "/stavby", f"/stavby/{infra['work'].id}",
                "/infrastruktura.csv", "/infrastruktura.geojson", "/stavby.csv", "/stavby.geojson",
                f"/obce/{world['a'].code}"):
        response = client.get(url)
        assert response.status_code == 200, url
    login(world["moderator"])
    for url in ("/infrastruktura/nova", "/stavby/nova", f"/infrastruktura/{infra['duct'].id}/upravit",
                f"/stavby/{infra['work'].id}/upravit", f"/stavby/{infra['work'].id}/dokonceni", "/schranka"):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
    login(operators["staff"])
    for url in ("/infrastruktura/zadosti/nova", f"/stavby/{infra['work'].id}/pripojit"):
        assert client.get(url).status_code == 200, url
