"""The layout's rules, read from the source: modules stay short, dependencies run streams_app → topics_app and
connect_app → topics_app,
alerts_app on top of all three, and no module imports one that imports it back (imports inside functions included)."""
import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APPS = ("config", "topics_app", "streams_app", "connect_app", "alerts_app")
MAX_LINES = 400


def modules():
    """{dotted name: path} of every Python module of the apps, migrations left out."""
    found = {}
    for app in APPS:
        for path in (REPO / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(path, known):
    """The project modules a module imports, wherever in it the import is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def test_no_module_is_longer_than_four_hundred_lines():
    long = {name: len(path.read_text().splitlines()) for name, path in modules().items()}
    assert {name: lines for name, lines in long.items() if lines > MAX_LINES} == {}


def test_connect_app_and_streams_app_never_import_each_other_and_topics_app_neither():
    known = modules()
    others = {"topics_app": ("streams_app", "connect_app", "alerts_app"), "streams_app": ("connect_app", "alerts_app"),
              "connect_app": ("streams_app", "alerts_app")}
    crossing = {name: sorted(i for i in imports_of(path, known) if i.startswith(others[name.split(".")[0]]))
                for name, path in known.items() if name.split(".")[0] in others}
    assert {name: found for name, found in crossing.items() if found} == {}


def test_no_two_modules_import_each_other_through_any_chain():
    known = modules()
    graph = {name: imports_of(path, known) - {name} for name, path in known.items()}
    # A package's __init__ importing its own submodules is how a package is put together, not a circle.
    graph = {name: {i for i in found if not i.startswith(name + ".")} for name, found in graph.items()}
    circles = []
    state = {}

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []
