package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

func status(t *testing.T, url string) int {
	t.Helper()
	response, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer response.Body.Close()
	return response.StatusCode
}

func TestRunTurnsAwayNewTrafficOnShutdownThenStops(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + listener.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() {
		stopped <- run(ctx, listener, 200*time.Millisecond, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	}()

	if got := status(t, url+"${{ values.readinessPath }}"); got != http.StatusOK {
		t.Fatalf("readiness before shutdown = %d, want 200", got)
	}
	cancel()
	// During the delay the service still answers, but is no longer ready.
	deadline := time.Now().Add(time.Second)
	for status(t, url+"${{ values.readinessPath }}") != http.StatusServiceUnavailable {
		if time.Now().After(deadline) {
			t.Fatal("readiness did not turn 503 after shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := status(t, url+"${{ values.livenessPath }}"); got != http.StatusOK {
		t.Fatalf("liveness during shutdown = %d, want 200", got)
	}

	if err := <-stopped; err != nil {
		t.Fatalf("run() = %v, want nil", err)
	}
	if response, err := http.Get(url + "${{ values.livenessPath }}"); err == nil {
		response.Body.Close()
		t.Fatal("the server still answers after it stopped")
	}
}

func TestOpenAPIIsEmbedded(t *testing.T) {
	if !bytes.HasPrefix(openAPI, []byte("openapi: 3.")) {
		t.Fatalf("openAPI = %.40q, want the definition", openAPI)
	}
}
