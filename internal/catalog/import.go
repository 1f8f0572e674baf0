package catalog

import (
	"context"
	"fmt"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Document is a whole catalog or a part of one: people first, since titles
// credit them. It is the format of the demo catalog.
type Document struct {
	People []Person `json:"people"`
	Titles []Title  `json:"titles"`
}

// Import stores every person and title of doc in one transaction: all of
// it lands or none of it does. Titles may relate to each other in any
// order. Field names in errors are prefixed with the entry, e.g.
// "titles[3].cast[0].person".
func (s *Service) Import(ctx context.Context, doc *Document) error {
	var fields []apperr.FieldError
	prefix := func(p string, err error) {
		if e, ok := apperr.As(err); ok {
			for _, f := range e.Fields {
				fields = append(fields, apperr.FieldError{Field: p + "." + f.Field, Message: f.Message})
			}
		}
	}
	for i := range doc.People {
		prefix(fmt.Sprintf("people[%d]", i), validatePerson(&doc.People[i]))
	}
	for i := range doc.Titles {
		prefix(fmt.Sprintf("titles[%d]", i), validateTitle(&doc.Titles[i]))
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "The catalog document is invalid.", Fields: fields}
	}
	return s.write(ctx, func(q *database.Q) error {
		now := s.clock()
		for i := range doc.People {
			id, err := insertPerson(ctx, q, &doc.People[i], now)
			if err == nil {
				err = s.indexPerson(ctx, q, id)
			}
			if err != nil {
				return wrapEntry(fmt.Sprintf("people[%d]", i), err)
			}
		}
		ids := make([]int64, len(doc.Titles))
		for i := range doc.Titles {
			t := doc.Titles[i] // copy: relations are written once every title exists
			t.Related = nil
			id, err := insertTitle(ctx, q, &t, now)
			if err != nil {
				return wrapEntry(fmt.Sprintf("titles[%d]", i), err)
			}
			doc.Titles[i].Slug, ids[i] = t.Slug, id
		}
		for i, t := range doc.Titles {
			if t.Related == nil {
				continue
			}
			only := Title{Related: t.Related, Slug: t.Slug}
			if err := writeSections(ctx, q, ids[i], &only, now); err != nil {
				return wrapEntry(fmt.Sprintf("titles[%d]", i), err)
			}
		}
		for i, id := range ids {
			if err := s.indexTitle(ctx, q, id); err != nil {
				return wrapEntry(fmt.Sprintf("titles[%d]", i), err)
			}
		}
		return nil
	})
}

// wrapEntry prefixes the field names of an application error.
func wrapEntry(p string, err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return fmt.Errorf("%s: %w", p, err)
	}
	out := &apperr.Error{Code: e.Code, Message: p + ": " + e.Message}
	for _, f := range e.Fields {
		out.Fields = append(out.Fields, apperr.FieldError{Field: p + "." + f.Field, Message: f.Message})
	}
	return out
}
