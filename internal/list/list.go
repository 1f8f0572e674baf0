// Package list keeps members' named lists: ordered titles, each with a
// note, public or private. Positions run 1…n without gaps; every change to
// a list's entries holds that list's lock, so concurrent edits never leave
// gaps or duplicate positions.
package list

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Limits keep one member from filling the database.
const (
	MaxLists       = 200  // per member
	MaxEntries     = 1000 // per list
	MaxName        = 100
	MaxDescription = 2000
	MaxNote        = 1000
)

// List is a member's named list. Entries is filled by Get only.
type List struct {
	ID          int64     `json:"id"`
	Owner       string    `json:"owner"` // username
	OwnerID     int64     `json:"-"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Public      bool      `json:"public"`
	Count       int       `json:"entry_count"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Entries     []Entry   `json:"entries,omitempty"`
}

// Entry is one title on a list.
type Entry struct {
	Position int       `json:"position"`
	Title    TitleRef  `json:"title"`
	Note     string    `json:"note"`
	AddedAt  time.Time `json:"added_at"`
}

// TitleRef names a listed title.
type TitleRef struct {
	ID   int64  `json:"-"`
	Slug string `json:"slug"`
	Name string `json:"title"`
}

// Input is what a member writes about a list; nil fields are left as they
// are on update (a new list is public unless Public says otherwise).
type Input struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	Public      *bool   `json:"public"`
}

// ErrOnList is the answer to adding a title that is on the list already.
var ErrOnList = apperr.Errorf(apperr.Conflict, "The title is on this list already.")

// Service stores lists.
type Service struct {
	db  *database.DB
	now func() time.Time
}

// NewService returns a list service; now may be nil for time.Now.
func NewService(db *database.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// text reports whether s is valid text of at most max characters without
// control characters other than line breaks (and tabs) when multiline.
func text(s string, max int, multiline bool) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return false
		}
	}
	return true
}

func (in *Input) validate(creating bool) error {
	var v apperr.Validation
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		in.Name = &n
		v.Check(n != "" && text(n, MaxName, false), "name", "must be 1 to 100 characters of text on one line")
	} else if creating {
		v.Add("name", "is required")
	}
	if in.Description != nil {
		d := strings.TrimSpace(*in.Description)
		in.Description = &d
		v.Check(text(d, MaxDescription, true), "description", "must be text of at most 2,000 characters")
	}
	return v.Err()
}

func noteOK(note string) error {
	var v apperr.Validation
	v.Check(text(note, MaxNote, true), "note", "must be text of at most 1,000 characters")
	return v.Err()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func notFound(id int64) error {
	return apperr.Errorf(apperr.NotFound, "There is no list %d.", id)
}

// Create makes a list for the member. A non-empty nonce (from a one-time
// form value) makes a form sent twice create one list: the second send
// returns the first list.
func (s *Service) Create(ctx context.Context, ownerID int64, in Input, nonce string) (*List, error) {
	if err := in.validate(true); err != nil {
		return nil, err
	}
	l := &List{OwnerID: ownerID, Name: *in.Name, Public: true}
	if in.Description != nil {
		l.Description = *in.Description
	}
	if in.Public != nil {
		l.Public = *in.Public
	}
	var nonceArg any
	if nonce != "" {
		nonceArg = nonce
	}
	var id int64
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "lists:"+itoa(ownerID)); err != nil {
			return err
		}
		if nonce != "" {
			err := q.QueryRow(ctx, "SELECT id FROM lists WHERE user_id = ? AND form_nonce = ?", ownerID, nonce).Scan(&id)
			if err == nil {
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM lists WHERE user_id = ?", ownerID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxLists {
			return apperr.Errorf(apperr.Conflict, "You already have %d lists, the most a member may keep; delete one first.", MaxLists)
		}
		now := s.now().UTC()
		return q.QueryRow(ctx, `INSERT INTO lists (user_id, name, description, public, entry_count, form_nonce, created_at, updated_at)
			VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id`, ownerID, l.Name, l.Description, l.Public, nonceArg, now, now).Scan(&id)
	})
	if database.IsForeignKeyViolation(err) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no such member.")
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, ownerID, id)
}

// Update renames a list or changes its description or visibility.
func (s *Service) Update(ctx context.Context, ownerID, id int64, in Input) (*List, error) {
	if err := in.validate(false); err != nil {
		return nil, err
	}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := own(ctx, q, ownerID, id); err != nil {
			return err
		}
		now := s.now().UTC()
		if in.Name != nil {
			if _, err := q.Exec(ctx, "UPDATE lists SET name = ? WHERE id = ?", *in.Name, id); err != nil {
				return err
			}
		}
		if in.Description != nil {
			if _, err := q.Exec(ctx, "UPDATE lists SET description = ? WHERE id = ?", *in.Description, id); err != nil {
				return err
			}
		}
		if in.Public != nil {
			if _, err := q.Exec(ctx, "UPDATE lists SET public = ? WHERE id = ?", *in.Public, id); err != nil {
				return err
			}
		}
		_, err := q.Exec(ctx, "UPDATE lists SET updated_at = ? WHERE id = ?", now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, ownerID, id)
}

// Delete removes a list and its entries.
func (s *Service) Delete(ctx context.Context, ownerID, id int64) error {
	return s.db.WithTx(ctx, func(q *database.Q) error {
		if err := own(ctx, q, ownerID, id); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "DELETE FROM list_entries WHERE list_id = ?", id); err != nil {
			return err
		}
		_, err := q.Exec(ctx, "DELETE FROM lists WHERE id = ?", id)
		return err
	})
}

// own takes the list's lock and checks that the member owns it. Lists of
// others are reported missing, whether public or not, so a writer learns
// nothing about private lists.
func own(ctx context.Context, q *database.Q, ownerID, id int64) error {
	if err := q.Serialize(ctx, "list:"+itoa(id)); err != nil {
		return err
	}
	var owner int64
	err := q.QueryRow(ctx, "SELECT user_id FROM lists WHERE id = ?", id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != ownerID) {
		return notFound(id)
	}
	return err
}

// Add puts a title at the end of a list, or at position (1…n+1) when
// position is above 0.
func (s *Service) Add(ctx context.Context, ownerID, id, titleID int64, note string, position int) (*Entry, error) {
	if err := noteOK(note); err != nil {
		return nil, err
	}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := own(ctx, q, ownerID, id); err != nil {
			return err
		}
		var n, dup int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM list_entries WHERE list_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM list_entries WHERE list_id = ? AND title_id = ?", id, titleID).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return ErrOnList
		}
		if n >= MaxEntries {
			return apperr.Errorf(apperr.Conflict, "A list holds at most %d titles.", MaxEntries)
		}
		if position == 0 {
			position = n + 1
		}
		if position < 1 || position > n+1 {
			return &apperr.Error{Code: apperr.Invalid, Message: "The input is invalid.",
				Fields: []apperr.FieldError{{Field: "position", Message: "must be between 1 and " + strconv.Itoa(n+1)}}}
		}
		if _, err := q.Exec(ctx, "UPDATE list_entries SET position = position + 1 WHERE list_id = ? AND position >= ?", id, position); err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := q.Exec(ctx, "INSERT INTO list_entries (list_id, title_id, position, note, added_at) VALUES (?, ?, ?, ?, ?)",
			id, titleID, position, note, now); err != nil {
			return err
		}
		return touch(ctx, q, id, now)
	})
	if database.IsForeignKeyViolation(err) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no such title.")
	}
	if err != nil {
		return nil, err
	}
	return s.entry(ctx, ownerID, id, titleID)
}

// touch refreshes a list's entry count and change time.
func touch(ctx context.Context, q *database.Q, id int64, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE lists SET entry_count = (SELECT COUNT(*) FROM list_entries WHERE list_id = ?), updated_at = ? WHERE id = ?`, id, now, id)
	return err
}

// SetEntry changes an entry's note and/or moves it to position (1…n);
// the entries between shift by one.
func (s *Service) SetEntry(ctx context.Context, ownerID, id, titleID int64, note *string, position *int) (*Entry, error) {
	if note != nil {
		if err := noteOK(*note); err != nil {
			return nil, err
		}
	}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := own(ctx, q, ownerID, id); err != nil {
			return err
		}
		ids, err := order(ctx, q, id)
		if err != nil {
			return err
		}
		from := -1
		for i, t := range ids {
			if t == titleID {
				from = i
			}
		}
		if from < 0 {
			return apperr.Errorf(apperr.NotFound, "The title is not on this list.")
		}
		if note != nil {
			if _, err := q.Exec(ctx, "UPDATE list_entries SET note = ? WHERE list_id = ? AND title_id = ?", *note, id, titleID); err != nil {
				return err
			}
		}
		if position != nil {
			to := *position - 1
			if to < 0 || to >= len(ids) {
				return &apperr.Error{Code: apperr.Invalid, Message: "The input is invalid.",
					Fields: []apperr.FieldError{{Field: "position", Message: "must be between 1 and " + strconv.Itoa(len(ids))}}}
			}
			moved := append(append([]int64{}, ids[:from]...), ids[from+1:]...)
			moved = append(moved[:to], append([]int64{titleID}, moved[to:]...)...)
			if err := renumber(ctx, q, id, ids, moved); err != nil {
				return err
			}
		}
		return touch(ctx, q, id, s.now().UTC())
	})
	if err != nil {
		return nil, err
	}
	return s.entry(ctx, ownerID, id, titleID)
}

// Remove takes a title off a list; later entries move up one.
func (s *Service) Remove(ctx context.Context, ownerID, id, titleID int64) error {
	return s.db.WithTx(ctx, func(q *database.Q) error {
		if err := own(ctx, q, ownerID, id); err != nil {
			return err
		}
		ids, err := order(ctx, q, id)
		if err != nil {
			return err
		}
		rest := make([]int64, 0, len(ids))
		for _, t := range ids {
			if t != titleID {
				rest = append(rest, t)
			}
		}
		if len(rest) == len(ids) {
			return apperr.Errorf(apperr.NotFound, "The title is not on this list.")
		}
		if _, err := q.Exec(ctx, "DELETE FROM list_entries WHERE list_id = ? AND title_id = ?", id, titleID); err != nil {
			return err
		}
		if err := renumber(ctx, q, id, ids, rest); err != nil {
			return err
		}
		return touch(ctx, q, id, s.now().UTC())
	})
}

// order returns a list's title ids by position.
func order(ctx context.Context, q *database.Q, id int64) ([]int64, error) {
	rows, err := q.Query(ctx, "SELECT title_id FROM list_entries WHERE list_id = ? ORDER BY position, added_at", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var t int64
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		ids = append(ids, t)
	}
	return ids, rows.Err()
}

// renumber writes positions 1…n for the new order, touching only entries
// whose position changed. Stored positions that drifted (a listed title
// deleted from the catalog leaves a gap) are repaired on the way.
func renumber(ctx context.Context, q *database.Q, id int64, before, after []int64) error {
	old := make(map[int64]int, len(before))
	rows, err := q.Query(ctx, "SELECT title_id, position FROM list_entries WHERE list_id = ?", id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t int64
		var p int
		if err := rows.Scan(&t, &p); err != nil {
			rows.Close()
			return err
		}
		old[t] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, t := range after {
		if old[t] == i+1 {
			continue
		}
		if _, err := q.Exec(ctx, "UPDATE list_entries SET position = ? WHERE list_id = ? AND title_id = ?", i+1, id, t); err != nil {
			return err
		}
	}
	return nil
}

const listColumns = `l.id, u.username, l.user_id, l.name, l.description, l.public, l.entry_count, l.created_at, l.updated_at`

func scanList(sc interface{ Scan(...any) error }) (*List, error) {
	l := &List{}
	err := sc.Scan(&l.ID, &l.Owner, &l.OwnerID, &l.Name, &l.Description, &l.Public, &l.Count, &l.CreatedAt, &l.UpdatedAt)
	return l, err
}

// Get returns a list with its entries in order. Private lists are found
// only by their owner (viewerID; 0 for a visitor).
func (s *Service) Get(ctx context.Context, viewerID, id int64) (*List, error) {
	q := s.db.Reader()
	l, err := scanList(q.QueryRow(ctx, `SELECT `+listColumns+` FROM lists l JOIN users u ON u.id = l.user_id WHERE l.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !l.Public && l.OwnerID != viewerID) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT t.id, t.slug, t.name, e.note, e.added_at FROM list_entries e JOIN titles t ON t.id = e.title_id
		WHERE e.list_id = ? ORDER BY e.position, e.added_at`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	l.Entries = []Entry{}
	for rows.Next() {
		e := Entry{Position: len(l.Entries) + 1}
		if err := rows.Scan(&e.Title.ID, &e.Title.Slug, &e.Title.Name, &e.Note, &e.AddedAt); err != nil {
			return nil, err
		}
		l.Entries = append(l.Entries, e)
	}
	l.Count = len(l.Entries)
	return l, rows.Err()
}

func (s *Service) entry(ctx context.Context, ownerID, id, titleID int64) (*Entry, error) {
	l, err := s.Get(ctx, ownerID, id)
	if err != nil {
		return nil, err
	}
	for _, e := range l.Entries {
		if e.Title.ID == titleID {
			return &e, nil
		}
	}
	return nil, apperr.Errorf(apperr.NotFound, "The title is not on this list.")
}

// Of returns a member's lists, newest change first: all of them for the
// owner, the public ones for anyone else.
func (s *Service) Of(ctx context.Context, viewerID, ownerID int64) ([]*List, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+listColumns+` FROM lists l JOIN users u ON u.id = l.user_id
		WHERE l.user_id = ? AND (l.public OR l.user_id = ?) ORDER BY l.updated_at DESC, l.id DESC`, ownerID, viewerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*List{}
	for rows.Next() {
		l, err := scanList(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
