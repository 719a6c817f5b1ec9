import pytest

from app import create_app


def test_is_alive(client):
    response = client.get("${{ values.livenessPath }}")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_is_ready_until_it_shuts_down(config):
    ready = True
    client = create_app(config, is_ready=lambda: ready).test_client()
    response = client.get("${{ values.readinessPath }}")
    assert (response.status_code, response.get_json()) == (200, {"status": "ready"})

    ready = False
    response = client.get("${{ values.readinessPath }}")
    assert (response.status_code, response.get_json()) == (503, {"status": "shutting down"})


def test_is_not_ready_while_gunicorn_drains_it(config, client):
    assert client.get("${{ values.readinessPath }}").status_code == 200
    config.draining_file.touch()
    assert client.get("${{ values.readinessPath }}").status_code == 503


def test_counts_and_times_requests_by_route_method_and_status_code(client):
    created = client.post("/api/items", json={"name": "first"}).get_json()
    assert client.get(f"/api/items/{created['id']}").status_code == 200
    assert client.get("/api/items/does-not-exist").status_code == 404

    response = client.get("${{ values.metricsPath }}")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    assert 'http_requests_total{code="200",method="GET",route="/api/items/{id}"} 1.0' in text
    assert 'http_requests_total{code="404",method="GET",route="/api/items/{id}"} 1.0' in text
    assert 'http_requests_total{code="201",method="POST",route="/api/items"} 1.0' in text
    assert 'http_request_duration_seconds_count{method="GET",route="/api/items/{id}"} 2.0' in text
    assert "\nprocess_cpu_seconds_total " in text


def test_does_not_turn_unknown_paths_into_label_values(client):
    assert client.get("/no/such/path/42").status_code == 404
    text = client.get("${{ values.metricsPath }}").get_data(as_text=True)
    assert 'http_requests_total{code="404",method="GET",route="unmatched"} 1.0' in text
    assert "/no/such/path" not in text


def test_creates_lists_and_gets_items(client):
    response = client.post("/api/items", json={"name": "first"})
    assert response.status_code == 201
    item = response.get_json()
    assert item["name"] == "first"
    assert item["createdAt"].startswith("20")

    assert client.get("/api/items").get_json() == {"items": [item]}
    assert client.get(f"/api/items/{item['id']}").get_json() == item


@pytest.mark.parametrize(
    "body",
    [{}, {"name": "  "}, {"name": 42}, {"name": "x" * 101}, ["first"]],
    ids=["no name", "empty name", "not a string", "too long", "not an object"],
)
def test_refuses_an_invalid_item(client, body):
    response = client.post("/api/items", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("name: ")


def test_refuses_a_body_that_is_not_json(client):
    response = client.post("/api/items", data='{"name":', content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"]["message"], str)


def test_answers_404_for_an_unknown_item(client):
    response = client.get("/api/items/404")
    assert response.status_code == 404
    assert response.get_json() == {"error": {"message": "No item with id 404"}}


def test_serves_its_openapi_definition(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.content_type.startswith("application/yaml")
    assert response.get_data(as_text=True).startswith("openapi: 3.")
