// Package config reads the service's settings from environment variables.
package config

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Config holds the service's settings.
type Config struct {
	Port     int
	LogLevel slog.Level
	// ShutdownDelay is how long the service keeps serving after SIGTERM,
	// with /readyz failing, before it stops accepting connections.
	ShutdownDelay time.Duration
}

var logLevels = map[string]slog.Level{
	"debug": slog.LevelDebug,
	"info":  slog.LevelInfo,
	"warn":  slog.LevelWarn,
	"error": slog.LevelError,
}

// Read reads the settings with getenv (os.Getenv outside of tests).
func Read(getenv func(string) string) (Config, error) {
	port, err := integer(getenv, "PORT", ${{ values.port }}, 1, 65535)
	if err != nil {
		return Config{}, err
	}
	delay, err := integer(getenv, "SHUTDOWN_DELAY_SECONDS", 5, 0, 60)
	if err != nil {
		return Config{}, err
	}
	levelName := strings.ToLower(getenv("LOG_LEVEL"))
	if levelName == "" {
		levelName = "info"
	}
	level, ok := logLevels[levelName]
	if !ok {
		return Config{}, fmt.Errorf("LOG_LEVEL must be one of debug, info, warn, error, got %q", levelName)
	}
	return Config{Port: port, LogLevel: level, ShutdownDelay: time.Duration(delay) * time.Second}, nil
}

func integer(getenv func(string) string, name string, fallback, minimum, maximum int) (int, error) {
	raw := getenv(name)
	if raw == "" {
		return fallback, nil
	}
	value, err := strconv.Atoi(raw)
	if err != nil || value < minimum || value > maximum {
		return 0, fmt.Errorf("%s must be an integer from %d to %d, got %q", name, minimum, maximum, raw)
	}
	return value, nil
}
