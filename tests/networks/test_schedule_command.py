"""`panal schedule-rueda`: the issue's JSON in and out; a bad instance is refused naming the item, exit code 2."""

import copy
import io
import json

import pytest
from django.core.management import call_command

GOOD = {
    "slots": [
        {"id": "B1", "start": "10:00", "end": "10:20"},
        {"id": "B2", "start": "10:20", "end": "10:40"},
    ],
    "tables": ["T1"],
    "participants": [
        {"id": "compra", "role": "comprador", "available": ["B1", "B2"], "max_meetings": 2},
        {"id": "vende1", "role": "proveedor", "available": ["B1"], "max_meetings": 1},
        {"id": "vende2", "role": "proveedor", "available": ["B1", "B2"], "max_meetings": 1},
    ],
    "requests": [
        {"id": "r1", "from": "vende2", "to": "compra", "priority": 1},
        {"id": "r2", "from": "vende1", "to": "compra", "priority": 1},
    ],
    "fixed_table_for_buyers": False,
}


def run(tmp_path, data, *extra):
    path = tmp_path / "rueda.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("schedule_rueda", str(path), *extra, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_the_agenda_places_both_requests_where_greedy_blocks_one(tmp_path):
    # Greedy puts r1 in B1 (first shared block), so vende1 (only free in B1) is left out; the optimum moves r1 to B2.
    out_file = tmp_path / "agenda.json"
    code, _, err = run(tmp_path, GOOD, "--time-limit", "5", "--out", str(out_file))
    assert code == 0
    agenda = json.loads(out_file.read_text(encoding="utf-8"))
    assert set(agenda) == {
        "meetings",
        "unscheduled",
        "objective",
        "upper_bound",
        "greedy_objective",
        "solver_status",
        "seconds",
    }
    assert sorted((m["request"], m["slot"], m["table"]) for m in agenda["meetings"]) == [
        ("r1", "B2", "T1"),
        ("r2", "B1", "T1"),
    ]
    assert (agenda["objective"], agenda["upper_bound"], agenda["greedy_objective"]) == (2, 2, 1)
    assert agenda["unscheduled"] == []
    assert "2 reuniones agendadas" in err


def test_the_agenda_goes_to_standard_output_without_out(tmp_path):
    code, out, _ = run(tmp_path, GOOD, "--time-limit", "5")
    assert code == 0
    assert json.loads(out)["objective"] == 2


def _bad(change):
    data = copy.deepcopy(GOOD)
    change(data)
    return data


BAD = {
    "unknown participant": (
        _bad(lambda d: d["requests"][0].update({"to": "nadie"})),
        "Solicitud «r1»: el participante «nadie» no existe.",
    ),
    "request to oneself": (
        _bad(lambda d: d["requests"][0].update({"to": "vende2"})),
        "Solicitud «r1»: un participante no puede pedirse una reunión a sí mismo.",
    ),
    "duplicate request id": (
        _bad(lambda d: d["requests"][1].update({"id": "r1"})),
        "Solicitud «r1»: identificador repetido.",
    ),
    "duplicate participant id": (
        _bad(lambda d: d["participants"][2].update({"id": "vende1"})),
        "Participante «vende1»: identificador repetido.",
    ),
    "duplicate slot id": (_bad(lambda d: d["slots"][1].update({"id": "B1"})), "Bloque «B1»: identificador repetido."),
    "duplicate table": (_bad(lambda d: d["tables"].append("T1")), "Mesa «T1»: identificador repetido."),
    "empty availability": (
        _bad(lambda d: d["participants"][1].update({"available": []})),
        "Participante «vende1»: la disponibilidad está vacía",
    ),
    "unknown slot in availability": (
        _bad(lambda d: d["participants"][1].update({"available": ["B9"]})),
        "Participante «vende1»: el bloque «B9» de su disponibilidad no existe.",
    ),
    "bad role": (_bad(lambda d: d["participants"][0].update({"role": "jefe"})), "Participante «compra»: el rol"),
    "supplier to supplier": (
        _bad(lambda d: d["requests"][0].update({"to": "vende1"})),
        "Solicitud «r1»: dos proveedores no se reúnen",
    ),
    "negative priority": (
        _bad(lambda d: d["requests"][0].update({"priority": -1})),
        "Solicitud «r1»: la prioridad debe ser un número mayor que 0.",
    ),
    "not json": ("{slots: nope", "no es JSON válido (línea 1"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_instance_is_refused_with_exit_code_2_naming_the_item(tmp_path, case):
    data, message = BAD[case]
    code, out, err = run(tmp_path, data)
    assert code == 2
    assert message in err
    assert out == ""
