// Command ${{ values.name }} serves the service's HTTP API.
package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"${{ values.name }}/internal/config"
	"${{ values.name }}/internal/server"
)

// openAPI is served at /openapi.yaml; the catalog's API entity reads the same file.
//
//go:embed openapi.yaml
var openAPI []byte

// forcedExitAfter is how long in-flight requests get once the server stops
// accepting connections.
const forcedExitAfter = 10 * time.Second

func main() {
	cfg, err := config.Read(os.Getenv)
	if err != nil {
		slog.Error("invalid configuration", "err", err)
		os.Exit(1)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel})).
		With("service", "${{ values.name }}")

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	listener, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.Port))
	if err != nil {
		logger.Error("could not listen", "err", err)
		os.Exit(1)
	}
	if err := run(ctx, listener, cfg.ShutdownDelay, logger); err != nil {
		logger.Error("stopped with an error", "err", err)
		os.Exit(1)
	}
	logger.Info("stopped")
}

// run serves on listener until ctx is done, then shuts down gracefully: the
// readiness probe fails at once, so that Kubernetes takes the pod out of the
// Service, and after shutdownDelay the server stops accepting connections
// and waits for the requests in flight.
func run(ctx context.Context, listener net.Listener, shutdownDelay time.Duration, logger *slog.Logger) error {
	var shuttingDown atomic.Bool
	srv := &http.Server{
		Handler: server.New(server.Options{
			Logger:  logger,
			IsReady: func() bool { return !shuttingDown.Load() },
			OpenAPI: openAPI,
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	logger.Info("listening", "address", listener.Addr().String())

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "delay", shutdownDelay.String())
	shuttingDown.Store(true)
	time.Sleep(shutdownDelay)

	shutdownCtx, cancel := context.WithTimeout(context.Background(), forcedExitAfter)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("requests still in flight: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
