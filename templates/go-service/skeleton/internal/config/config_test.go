package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestReadHasDefaultsForEverything(t *testing.T) {
	got, err := Read(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: ${{ values.port }}, LogLevel: slog.LevelInfo, ShutdownDelay: 5 * time.Second}
	if got != want {
		t.Errorf("Read() = %+v, want %+v", got, want)
	}
}

func TestReadReadsTheEnvironment(t *testing.T) {
	got, err := Read(env(map[string]string{"PORT": "9000", "LOG_LEVEL": "DEBUG", "SHUTDOWN_DELAY_SECONDS": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 9000, LogLevel: slog.LevelDebug, ShutdownDelay: 0}
	if got != want {
		t.Errorf("Read() = %+v, want %+v", got, want)
	}
}

func TestReadRefusesValuesItCannotUseNamingTheVariable(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		message string
	}{
		{map[string]string{"PORT": "http"}, "PORT must be an integer"},
		{map[string]string{"PORT": "70000"}, "PORT must be an integer"},
		{map[string]string{"SHUTDOWN_DELAY_SECONDS": "-1"}, "SHUTDOWN_DELAY_SECONDS must be an integer"},
		{map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of"},
	} {
		_, err := Read(env(tc.env))
		if err == nil || !strings.HasPrefix(err.Error(), tc.message) {
			t.Errorf("Read(%v) error = %v, want one starting with %q", tc.env, err, tc.message)
		}
	}
}
