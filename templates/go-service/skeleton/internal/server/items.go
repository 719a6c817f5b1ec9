package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

const (
	maxNameLength = 100
	maxBodyBytes  = 100 << 10
)

// Item is the example resource: replace it with the service's own.
type Item struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// itemStore keeps the items in memory.
type itemStore struct {
	mu     sync.Mutex
	items  []Item
	nextID int
}

func (s *itemStore) list() []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Item{}, s.items...)
}

func (s *itemStore) get(id string) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, item := range s.items {
		if item.ID == id {
			return item, true
		}
	}
	return Item{}, false
}

func (s *itemStore) create(name string) Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	item := Item{ID: strconv.Itoa(s.nextID), Name: name, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	s.items = append(s.items, item)
	return item
}

func (s *itemStore) handleList(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string][]Item{"items": s.list()})
}

func (s *itemStore) handleCreate(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name any `json:"name"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes)).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "the body is not a JSON object: "+err.Error())
		return
	}
	name, ok := body.Name.(string)
	if !ok || strings.TrimSpace(name) == "" || utf8.RuneCountInString(name) > maxNameLength {
		writeError(w, http.StatusBadRequest,
			fmt.Sprintf("name: must be a non-empty string of at most %d characters", maxNameLength))
		return
	}
	writeJSON(w, http.StatusCreated, s.create(name))
}

func (s *itemStore) handleGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	item, ok := s.get(id)
	if !ok {
		writeError(w, http.StatusNotFound, "No item with id "+id)
		return
	}
	writeJSON(w, http.StatusOK, item)
}
