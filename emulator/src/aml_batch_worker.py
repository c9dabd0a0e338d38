"""aml-emulator's batch worker: runs an Azure ML scoring script the way a
batch deployment does. init() runs once when the process starts, then
run(mini_batch) once per mini-batch the runner sends (a list of input file
paths); every element run() returns becomes one line of the output file.

The emulator compiles this file into its binary and writes it out at start
(runner.c); worker.c starts it as: python3 aml_batch_worker.py CODE_DIR SCRIPT
with the code folder as working directory.

Protocol with the runner, one JSON document per line:
  fd 3 (runner -> worker): {"id": N, "files": [...]}; end of input: exit.
  fd 4 (worker -> runner): first {"ready": PID} or {"error": TRACEBACK,
  "phase": "init"}; then per request {"id": N, "rows": [...]} or
  {"id": N, "error": TRACEBACK}.
stdout and stderr are the worker's log file, so what the script prints never
mixes with the protocol.
"""
import importlib.util
import json
import os
import sys
import traceback


def load(code_dir, script):
    """Import the scoring script as a module, as the service does: its own
    folder and the code folder come first on sys.path so that it can import
    the modules next to it."""
    path = os.path.join(code_dir, script)
    # Python put this file's folder first on sys.path; the script's imports
    # must not find anything of the emulator there.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    for folder in (code_dir, os.path.dirname(path)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    for fn in ("init", "run"):
        if not callable(getattr(module, fn, None)):
            raise AttributeError(
                f"the scoring script {script} defines no {fn}() function; a batch "
                "scoring script needs init() and run(mini_batch)")
    return module


def line(element):
    """One output line: a list or tuple is a comma-separated row, anything
    else its str()."""
    if isinstance(element, (list, tuple)):
        return ",".join(str(v) for v in element)
    return str(element)


def rows_of(result):
    """The output lines of what run() returned."""
    if result is None:
        return []
    if isinstance(result, (str, bytes, dict)):
        return [line(result)]
    if hasattr(result, "itertuples"):
        # A pandas DataFrame: one line per row, its values comma-separated.
        return [line(tuple(row)) for row in result.itertuples(index=False)]
    try:
        return [line(element) for element in result]
    except TypeError:
        return [line(result)]


def main():
    code_dir, script = sys.argv[1], sys.argv[2]
    requests = os.fdopen(3, "r", encoding="utf-8")
    answers = os.fdopen(4, "w", encoding="utf-8")
    # Processes the script starts must not hold the runner's pipes open:
    # the runner sees a worker's end as the end of its answers.
    os.set_inheritable(3, False)
    os.set_inheritable(4, False)

    def answer(message):
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    try:
        module = load(code_dir, script)
        module.init()
    except BaseException:  # a script's sys.exit() in init() is a failure too
        tb = traceback.format_exc()
        sys.stderr.write(tb)
        answer({"error": tb, "phase": "init"})
        return 1
    answer({"ready": os.getpid()})
    for text in requests:
        request = json.loads(text)
        try:
            rows = rows_of(module.run(request["files"]))
        except BaseException:
            tb = traceback.format_exc()
            sys.stderr.write(tb)
            sys.stderr.flush()
            answer({"id": request["id"], "error": tb})
            continue
        answer({"id": request["id"], "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
