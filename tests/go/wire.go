// Messages through protogen's generated Go code and back: each input line
// "TYPE HEX" is decoded with the generated type registered under the full
// name TYPE, encoded again, and printed as hex.
package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	// IMPORTS
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	for in.Scan() {
		name, data, ok := strings.Cut(in.Text(), " ")
		if !ok {
			panic("a line is TYPE HEX")
		}
		mt, err := protoregistry.GlobalTypes.FindMessageByName(protoreflect.FullName(name))
		if err != nil {
			panic(fmt.Sprintf("no generated type for %s: %v", name, err))
		}
		bytes, err := hex.DecodeString(data)
		if err != nil {
			panic(err)
		}
		m := mt.New().Interface()
		if err := proto.Unmarshal(bytes, m); err != nil {
			panic(fmt.Sprintf("%s does not decode: %v", name, err))
		}
		out, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
		if err != nil {
			panic(err)
		}
		fmt.Println(hex.EncodeToString(out))
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
