"""Runs protoc 35.1 (grpcio-tools 1.85.1) many times in one process.

The differential tests compile thousands of small inputs; starting Python
for each would cost more than the compilation. Requests arrive on stdin:
a line with the argument count, a line with the working directory, then one
argument per line. Each reply on stdout is a line `EXIT LEN` followed by LEN
bytes of what protoc wrote to stderr. protoc's arguments are exactly those
`python3 -m grpc_tools.protoc` passes, including its -I for the bundled
well-known types, so the results are the command's own.
"""

import os
import sys
import tempfile

from importlib import resources

from grpc_tools import _protoc_compiler


def main():
    include = str(resources.files("grpc_tools") / "_proto")
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    err_fd, err_path = tempfile.mkstemp(prefix="protoc-server-")
    saved_stderr = os.dup(2)
    try:
        while True:
            header = stdin.readline()
            if not header:
                return
            count = int(header)
            cwd = stdin.readline()[:-1]
            args = [stdin.readline()[:-1] for _ in range(count)]
            os.chdir(cwd)
            os.ftruncate(err_fd, 0)
            os.lseek(err_fd, 0, os.SEEK_SET)
            os.dup2(err_fd, 2)
            try:
                code = _protoc_compiler.run_main([b"protoc"] + args + [b"-I" + include.encode()])
            finally:
                os.dup2(saved_stderr, 2)
            os.lseek(err_fd, 0, os.SEEK_SET)
            err = b""
            while True:
                chunk = os.read(err_fd, 1 << 16)
                if not chunk:
                    break
                err += chunk
            stdout.write(b"%d %d\n" % (code, len(err)))
            stdout.write(err)
            stdout.flush()
    finally:
        os.close(err_fd)
        os.unlink(err_path)


if __name__ == "__main__":
    main()
