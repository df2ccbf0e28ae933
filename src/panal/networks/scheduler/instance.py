"""A rueda's scheduling instance: slots, tables, participants and requests, read from the JSON of
`panal schedule-rueda` (or built from the database) and checked before any solver sees it.

Plain Python on purpose (no Django): the command line, the benchmark and the property tests use it as is."""

from __future__ import annotations

from dataclasses import dataclass, field

from panal.core.errors import DomainError

ROLES = ("comprador", "proveedor", "ambos")
BUYER, SUPPLIER, BOTH = ROLES


class InvalidInstance(DomainError):
    """The instance cannot be scheduled as given; the message names the item at fault."""


@dataclass(frozen=True)
class Slot:
    id: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Participant:
    id: str
    role: str
    available: tuple[str, ...]
    max_meetings: int | None = None


@dataclass(frozen=True)
class Request:
    id: str
    source: str  # "from" in the JSON
    target: str  # "to"
    priority: float = 1

    @property
    def pair(self) -> tuple[str, str]:
        return (self.source, self.target) if self.source <= self.target else (self.target, self.source)


@dataclass
class Instance:
    slots: list[Slot]
    tables: list[str]
    participants: dict[str, Participant]
    requests: list[Request]
    fixed_table_for_buyers: bool = False
    slot_index: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.slot_index = {slot.id: i for i, slot in enumerate(self.slots)}

    def buyer_tables(self) -> dict[str, str]:
        """With fixed tables, each comprador keeps one table all day (in participant order)."""
        if not self.fixed_table_for_buyers:
            return {}
        buyers = [p.id for p in self.participants.values() if p.role == BUYER]
        return dict(zip(buyers, self.tables, strict=False))

    def free_tables(self) -> list[str]:
        taken = set(self.buyer_tables().values())
        return [t for t in self.tables if t not in taken]


def may_meet(role_a: str, role_b: str) -> bool:
    """A supplier does not ask another supplier for a meeting, unless one of them also buys ("ambos")."""
    return not (role_a == SUPPLIER and role_b == SUPPLIER)


def _ident(value, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise InvalidInstance(f"{what}: falta el identificador o no es texto ni número.")
    text = str(value)
    if "\x00" in text or len(text) > 200:
        raise InvalidInstance(f"{what}: identificador no válido.")
    return text


def _list(data: dict, key: str, what: str) -> list:
    value = data.get(key)
    if not isinstance(value, list):
        raise InvalidInstance(f"Falta la lista «{key}» ({what}).")
    return value


def _object(item, what: str) -> dict:
    if not isinstance(item, dict):
        raise InvalidInstance(f"{what}: se esperaba un objeto JSON.")
    return item


def parse_instance(data) -> Instance:
    """Check everything first and refuse the first problem found, naming it; never a partial instance."""
    if not isinstance(data, dict):
        raise InvalidInstance("La instancia debe ser un objeto JSON con slots, tables, participants y requests.")
    slots: list[Slot] = []
    seen: set[str] = set()
    for n, raw in enumerate(_list(data, "slots", "bloques horarios"), start=1):
        item = _object(raw, f"Bloque n.º {n}")
        sid = _ident(item.get("id"), f"Bloque n.º {n}")
        if sid in seen:
            raise InvalidInstance(f"Bloque «{sid}»: identificador repetido.")
        seen.add(sid)
        start, end = str(item.get("start", "")), str(item.get("end", ""))
        if start and end and end <= start:
            raise InvalidInstance(f"Bloque «{sid}»: el término debe ser posterior al inicio.")
        slots.append(Slot(sid, start, end))
    if not slots:
        raise InvalidInstance("La lista «slots» está vacía: no hay bloques horarios.")

    tables: list[str] = []
    for n, raw in enumerate(_list(data, "tables", "mesas"), start=1):
        tid = _ident(raw, f"Mesa n.º {n}")
        if tid in tables:
            raise InvalidInstance(f"Mesa «{tid}»: identificador repetido.")
        tables.append(tid)
    if not tables:
        raise InvalidInstance("La lista «tables» está vacía: no hay mesas.")

    participants: dict[str, Participant] = {}
    for n, raw in enumerate(_list(data, "participants", "participantes"), start=1):
        item = _object(raw, f"Participante n.º {n}")
        pid = _ident(item.get("id"), f"Participante n.º {n}")
        if pid in participants:
            raise InvalidInstance(f"Participante «{pid}»: identificador repetido.")
        role = item.get("role")
        if role not in ROLES:
            raise InvalidInstance(f"Participante «{pid}»: el rol debe ser comprador, proveedor o ambos.")
        available = item.get("available")
        if not isinstance(available, list) or not available:
            raise InvalidInstance(f"Participante «{pid}»: la disponibilidad está vacía; indique al menos un bloque.")
        for sid in available:
            if not isinstance(sid, str | int) or str(sid) not in seen:
                raise InvalidInstance(f"Participante «{pid}»: el bloque «{sid}» de su disponibilidad no existe.")
        maximum = item.get("max_meetings")
        if maximum is not None and (isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0):
            raise InvalidInstance(f"Participante «{pid}»: max_meetings debe ser un entero mayor o igual a 0.")
        participants[pid] = Participant(pid, role, tuple(dict.fromkeys(str(s) for s in available)), maximum)

    requests: list[Request] = []
    request_ids: set[str] = set()
    for n, raw in enumerate(_list(data, "requests", "solicitudes"), start=1):
        item = _object(raw, f"Solicitud n.º {n}")
        rid = _ident(item.get("id"), f"Solicitud n.º {n}")
        if rid in request_ids:
            raise InvalidInstance(f"Solicitud «{rid}»: identificador repetido.")
        request_ids.add(rid)
        source = _ident(item.get("from"), f"Solicitud «{rid}» (from)")
        target = _ident(item.get("to"), f"Solicitud «{rid}» (to)")
        for end in (source, target):
            if end not in participants:
                raise InvalidInstance(f"Solicitud «{rid}»: el participante «{end}» no existe.")
        if source == target:
            raise InvalidInstance(f"Solicitud «{rid}»: un participante no puede pedirse una reunión a sí mismo.")
        if not may_meet(participants[source].role, participants[target].role):
            raise InvalidInstance(
                f"Solicitud «{rid}»: dos proveedores no se reúnen entre sí salvo que uno sea «ambos»."
            )
        priority = item.get("priority", 1)
        if isinstance(priority, bool) or not isinstance(priority, int | float) or not 0 < priority <= 1_000_000:
            raise InvalidInstance(f"Solicitud «{rid}»: la prioridad debe ser un número mayor que 0.")
        requests.append(Request(rid, source, target, priority))

    fixed = data.get("fixed_table_for_buyers", False)
    if not isinstance(fixed, bool):
        raise InvalidInstance("fixed_table_for_buyers debe ser true o false.")
    instance = Instance(slots, tables, participants, requests, fixed)
    if fixed:
        buyers = sum(1 for p in participants.values() if p.role == BUYER)
        if buyers > len(tables):
            raise InvalidInstance(
                f"fixed_table_for_buyers: hay {buyers} compradores y solo {len(tables)} mesas para darles mesa fija."
            )
    return instance
