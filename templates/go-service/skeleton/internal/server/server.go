// Package server is the service's HTTP API: the example resource, the probes,
// the metrics and the OpenAPI definition.
package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"time"
)

// Probes and scrapes are frequent and uninteresting in the request log.
var quietPaths = []string{"${{ values.livenessPath }}", "${{ values.readinessPath }}", "${{ values.metricsPath }}"}

// Options are what New needs.
type Options struct {
	Logger *slog.Logger
	// IsReady is false once the service is shutting down, so that the
	// readiness probe turns it away.
	IsReady func() bool
	// OpenAPI is the API definition, served at /openapi.yaml.
	OpenAPI []byte
}

// New returns the service's HTTP handler.
func New(opts Options) http.Handler {
	items := &itemStore{}
	metrics := newHTTPMetrics()

	mux := http.NewServeMux()
	mux.HandleFunc("GET ${{ values.livenessPath }}", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET ${{ values.readinessPath }}", func(w http.ResponseWriter, _ *http.Request) {
		if opts.IsReady() {
			writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
			return
		}
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
	})
	mux.Handle("GET ${{ values.metricsPath }}", metrics.handler())
	mux.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(opts.OpenAPI)
	})
	mux.HandleFunc("GET /api/items", items.handleList)
	mux.HandleFunc("POST /api/items", items.handleCreate)
	mux.HandleFunc("GET /api/items/{id}", items.handleGet)

	return logRequests(opts.Logger, metrics.instrument(mux))
}

// logRequests logs every request but the probes and scrapes once it is served.
func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		if slices.Contains(quietPaths, r.URL.Path) {
			return
		}
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request completed",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", recorder.status),
			slog.Float64("duration_ms", float64(time.Since(started).Microseconds())/1000),
		)
	})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeError answers `{"error": {"message": ...}}`.
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]map[string]string{"error": {"message": message}})
}
