package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func newTestServer(t *testing.T, isReady func() bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(Options{
		Logger:  slog.New(slog.NewJSONHandler(io.Discard, nil)),
		IsReady: isReady,
		OpenAPI: []byte("openapi: 3.0.3\n"),
	}))
	t.Cleanup(srv.Close)
	return srv
}

func alwaysReady() bool { return true }

// call sends a request and returns the status code and the body.
func call(t *testing.T, srv *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	request, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		request.Header.Set("Content-Type", "application/json")
	}
	response, err := srv.Client().Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	text, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response.StatusCode, string(text)
}

func decode[T any](t *testing.T, text string) T {
	t.Helper()
	var value T
	if err := json.Unmarshal([]byte(text), &value); err != nil {
		t.Fatalf("%q is not the expected JSON: %v", text, err)
	}
	return value
}

func sameItem(a, b Item) bool {
	return a.ID == b.ID && a.Name == b.Name && a.CreatedAt.Equal(b.CreatedAt)
}

func TestIsAlive(t *testing.T) {
	code, body := call(t, newTestServer(t, alwaysReady), "GET", "${{ values.livenessPath }}", "")
	if code != http.StatusOK || strings.TrimSpace(body) != `{"status":"ok"}` {
		t.Errorf("liveness = %d %s", code, body)
	}
}

func TestIsReadyUntilItShutsDown(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	srv := newTestServer(t, ready.Load)
	if code, body := call(t, srv, "GET", "${{ values.readinessPath }}", ""); code != http.StatusOK || strings.TrimSpace(body) != `{"status":"ready"}` {
		t.Errorf("readiness when ready = %d %s", code, body)
	}
	ready.Store(false)
	if code, body := call(t, srv, "GET", "${{ values.readinessPath }}", ""); code != http.StatusServiceUnavailable || strings.TrimSpace(body) != `{"status":"shutting down"}` {
		t.Errorf("readiness when shutting down = %d %s", code, body)
	}
}

func TestCountsAndTimesRequestsByRouteMethodAndStatusCode(t *testing.T) {
	srv := newTestServer(t, alwaysReady)
	_, created := call(t, srv, "POST", "/api/items", `{"name":"first"}`)
	item := decode[Item](t, created)
	if code, _ := call(t, srv, "GET", "/api/items/"+item.ID, ""); code != http.StatusOK {
		t.Fatalf("GET item = %d", code)
	}
	if code, _ := call(t, srv, "GET", "/api/items/does-not-exist", ""); code != http.StatusNotFound {
		t.Fatalf("GET unknown item = %d", code)
	}

	code, metrics := call(t, srv, "GET", "${{ values.metricsPath }}", "")
	if code != http.StatusOK {
		t.Fatalf("metrics = %d", code)
	}
	for _, want := range []string{
		`http_requests_total{code="200",method="GET",route="/api/items/{id}"} 1`,
		`http_requests_total{code="404",method="GET",route="/api/items/{id}"} 1`,
		`http_requests_total{code="201",method="POST",route="/api/items"} 1`,
		`http_request_duration_seconds_count{method="GET",route="/api/items/{id}"} 2`,
		"\nprocess_cpu_seconds_total ",
		"\ngo_goroutines ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestDoesNotTurnUnknownPathsIntoLabelValues(t *testing.T) {
	srv := newTestServer(t, alwaysReady)
	if code, _ := call(t, srv, "GET", "/no/such/path/42", ""); code != http.StatusNotFound {
		t.Fatalf("unknown path = %d, want 404", code)
	}
	_, metrics := call(t, srv, "GET", "${{ values.metricsPath }}", "")
	if !strings.Contains(metrics, `http_requests_total{code="404",method="GET",route="unmatched"} 1`) {
		t.Error("the unknown path is not counted as unmatched")
	}
	if strings.Contains(metrics, "/no/such/path") {
		t.Error("the unknown path became a label value")
	}
}

func TestCreatesListsAndGetsItems(t *testing.T) {
	srv := newTestServer(t, alwaysReady)
	code, body := call(t, srv, "POST", "/api/items", `{"name":"first"}`)
	if code != http.StatusCreated {
		t.Fatalf("create = %d %s", code, body)
	}
	item := decode[Item](t, body)
	if item.Name != "first" || item.ID == "" || item.CreatedAt.IsZero() {
		t.Fatalf("created %+v", item)
	}

	_, listed := call(t, srv, "GET", "/api/items", "")
	if got := decode[map[string][]Item](t, listed)["items"]; len(got) != 1 || !sameItem(got[0], item) {
		t.Errorf("list = %s, want only %+v", listed, item)
	}
	_, got := call(t, srv, "GET", "/api/items/"+item.ID, "")
	if !sameItem(decode[Item](t, got), item) {
		t.Errorf("get = %s, want %+v", got, item)
	}
}

func TestRefusesAnInvalidItem(t *testing.T) {
	srv := newTestServer(t, alwaysReady)
	for name, body := range map[string]string{
		"no name":      `{}`,
		"empty name":   `{"name":"  "}`,
		"not a string": `{"name":42}`,
		"too long":     `{"name":"` + strings.Repeat("x", 101) + `"}`,
	} {
		code, response := call(t, srv, "POST", "/api/items", body)
		message := decode[map[string]map[string]string](t, response)["error"]["message"]
		if code != http.StatusBadRequest || !strings.HasPrefix(message, "name: ") {
			t.Errorf("%s: %d %s, want 400 with a message about name", name, code, response)
		}
	}
}

func TestRefusesABodyThatIsNotAJSONObject(t *testing.T) {
	srv := newTestServer(t, alwaysReady)
	for _, body := range []string{`{"name":`, `["first"]`} {
		code, response := call(t, srv, "POST", "/api/items", body)
		message := decode[map[string]map[string]string](t, response)["error"]["message"]
		if code != http.StatusBadRequest || !strings.HasPrefix(message, "the body is not a JSON object") {
			t.Errorf("%s: %d %s, want 400", body, code, response)
		}
	}
}

func TestAnswers404ForAnUnknownItem(t *testing.T) {
	code, body := call(t, newTestServer(t, alwaysReady), "GET", "/api/items/404", "")
	if code != http.StatusNotFound || strings.TrimSpace(body) != `{"error":{"message":"No item with id 404"}}` {
		t.Errorf("unknown item = %d %s", code, body)
	}
}

func TestServesItsOpenAPIDefinition(t *testing.T) {
	code, body := call(t, newTestServer(t, alwaysReady), "GET", "/openapi.yaml", "")
	if code != http.StatusOK || !strings.HasPrefix(body, "openapi: 3.") {
		t.Errorf("openapi.yaml = %d %q", code, body)
	}
}

func TestRouteOf(t *testing.T) {
	for pattern, want := range map[string]string{
		"":                          "unmatched",
		"GET /api/items/{id}":       "/api/items/{id}",
		"/api/items":                "/api/items",
		"GET example.com/api/items": "/api/items",
	} {
		if got := routeOf(pattern); got != want {
			t.Errorf("routeOf(%q) = %q, want %q", pattern, got, want)
		}
	}
}
