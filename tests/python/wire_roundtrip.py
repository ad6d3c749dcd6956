"""Messages through generated Rust or Go code and back, judged by the reference
Python runtime.

Arguments: the directory of the generated Python modules, the program
(which reads lines "TYPE HEX", decodes each with its generated type,
encodes it again and prints the hex), and text-format documents headed by
`# proto-file:` and `# proto-message:`. Each document is parsed by the
Python runtime and encoded; what the program gives back must parse to
the same message (compared by deterministic encoding). Prints "OK N".
"""
import importlib
import os
import subprocess
import sys

import google.protobuf
from google.protobuf import text_format

out, program, docs = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, out)
# Generated google/protobuf/* test modules join the installed package.
google.protobuf.__path__.insert(0, os.path.join(out, "google", "protobuf"))

messages = []
for path in docs:
    text = open(path, encoding="utf-8").read()
    header = dict(line[2:].split(": ", 1) for line in text.splitlines() if line.startswith("# proto-"))
    module = importlib.import_module(header["proto-file"][: -len(".proto")].replace("/", ".") + "_pb2")
    full_name = header["proto-message"]
    cls = getattr(module, full_name.rsplit(".", 1)[-1])
    msg = cls()
    text_format.Parse(text, msg)
    messages.append((path, full_name, cls, msg))

lines = "".join(f"{name} {msg.SerializeToString().hex()}\n" for _, name, _, msg in messages)
run = subprocess.run([program], input=lines, capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(f"the program failed:\n{run.stderr}")
answers = run.stdout.splitlines()
if len(answers) != len(messages):
    sys.exit(f"{len(answers)} answers for {len(messages)} messages")
for (path, _, cls, msg), answer in zip(messages, answers):
    back = cls()
    back.ParseFromString(bytes.fromhex(answer))
    want = msg.SerializeToString(deterministic=True)
    got = back.SerializeToString(deterministic=True)
    if want != got:
        sys.exit(f"{path}: the round trip changed the message:\n{text_format.MessageToString(back)}")
print(f"OK {len(messages)}")
