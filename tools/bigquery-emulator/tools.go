//go:build tools

// Package tools pins goccy/bigquery-emulator, which the Java tests start as a local BigQuery.
// `go install github.com/goccy/bigquery-emulator/...@v0.6.6` cannot be used: the Go module proxy
// reachable here serves v0.6.6 but answers 403 for the module's version list, which go install
// reads; building inside this module needs only the pinned versions in go.mod and go.sum.
package tools

import _ "github.com/goccy/bigquery-emulator/cmd/bigquery-emulator"
