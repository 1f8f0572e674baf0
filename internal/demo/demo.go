// Package demo holds the demo catalog: Crash Landing on You in full and the
// titles and people around it, loaded by 'dramadb serve --demo'.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/dramadb/dramadb/internal/catalog"
)

//go:embed catalog.json
var catalogJSON []byte

// Document returns a fresh copy of the demo catalog.
func Document() (*catalog.Document, error) {
	var doc catalog.Document
	dec := json.NewDecoder(bytes.NewReader(catalogJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("demo catalog: %w", err)
	}
	return &doc, nil
}

// LoadIfEmpty loads the demo catalog when the catalog has no titles and
// reports whether it did.
func LoadIfEmpty(ctx context.Context, svc *catalog.Service) (bool, error) {
	empty, err := svc.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	doc, err := Document()
	if err != nil {
		return false, err
	}
	if err := svc.Import(ctx, doc); err != nil {
		return false, fmt.Errorf("load demo catalog: %w", err)
	}
	return true, nil
}
