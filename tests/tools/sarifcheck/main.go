// Command sarifcheck validates a SARIF log against the SARIF 2.1.0 JSON
// schema: the schema go-sarif ships, checked with gojsonschema.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/xeipuuv/gojsonschema"
)

// schema reads the SARIF 2.1.0 schema from go-sarif's source, where it is
// the raw string constant of schema.go.
func schema() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	if err != nil {
		return "", fmt.Errorf("locating go-sarif: %w", err)
	}
	dir := strings.TrimSpace(string(out))
	src, err := os.ReadFile(filepath.Join(dir, "pkg", "report", "v210", "sarif", "schema.go"))
	if err != nil {
		return "", err
	}
	text := string(src)
	start, end := strings.Index(text, "`"), strings.LastIndex(text, "`")
	if start < 0 || end <= start {
		return "", fmt.Errorf("no schema in go-sarif's schema.go")
	}
	return text[start+1 : end], nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sarifcheck LOG.sarif")
		os.Exit(2)
	}
	s, err := schema()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	doc, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	result, err := gojsonschema.Validate(gojsonschema.NewStringLoader(s), gojsonschema.NewBytesLoader(doc))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if !result.Valid() {
		for _, e := range result.Errors() {
			fmt.Println(e)
		}
		os.Exit(1)
	}
	fmt.Println("valid SARIF 2.1.0")
}
