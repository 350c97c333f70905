"""Deterministic demo exports of the Omni Channel application.

`write_demo_exports` writes the three CSV files the Omni Channel application exports — the
agent roster, the interactions and the CSI survey answers — with the column headers and coded
words of ``qa_app/ingest/mappings/omni_channel.yaml``, so that the importers, the sampling and
the reports can be exercised on realistic data: 66 agents in 7 teams, about 50,000
interactions over 16 weeks, new hires, leavers and agents crossing the three-month tenure line
inside the period, plus one voice interaction for each demo recording in
``qa_app/demo/recordings``.

Everything is drawn from a single ``random.Random(seed)``: the same seed, end date, number of
weeks and recordings give byte-identical files. Times are local Asia/Jakarta time.
"""

from __future__ import annotations

import calendar
import csv
import json
import math
import re
from bisect import bisect
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Iterator, Sequence, TypeVar

from qa_app.demo import texts

DEFAULT_SEED = 20261124
DEFAULT_END = date(2026, 11, 22)  # a Sunday
DEFAULT_WEEKS = 16
RECORDINGS_DIR = Path(__file__).resolve().parent / "recordings"
T = TypeVar("T")

ROSTER_FILE = "omni_roster.csv"
INTERACTIONS_FILE = "omni_interactions.csv"
CSI_FILE = "omni_csi.csv"

ROSTER_HEADER = ("ID Karyawan", "Nama Agent", "Tanggal Masuk", "Tier", "Tim", "Team Leader",
                 "Status", "Tanggal Keluar")
INTERACTIONS_HEADER = ("ID Interaksi", "ID Agent", "Channel", "Arah", "Waktu Mulai",
                       "Waktu Selesai", "Durasi Bicara", "Durasi Hold", "Durasi ACW", "Antrian",
                       "Kode Wrap Up", "ID Kasus", "Nomor Tiket", "File Rekaman", "Percakapan",
                       "Waktu Respons Pertama", "Persetujuan Data")
CSI_HEADER = ("ID Survei", "ID Kasus", "ID Interaksi", "Nilai", "Waktu Jawab", "Komentar")

TENURE_MONTHS = 3            # the tapping quota changes after three months (IK Tapping)
TRAINING_DAYS = 7            # new hires spend their first week in class, without contacts
SUNDAY = 6
#: Holidays with a fixed date (month, day): Sunday volumes, no outbound calls.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)})
#: Volume of each weekday, Monday first, relative to a plain midweek day.
WEEKDAY_FACTORS = (1.12, 1.05, 1.0, 1.0, 0.95, 0.62, 0.38)
PAYDAY_FACTOR = 1.08         # around the turn of the month (salaries, due dates)

CONSENT_WORDS = (("Setuju", 93), ("Menolak", 2), ("", 5))
SCORES = (1, 2, 3, 4, 5)
SCORE_WEIGHTS = (5, 6, 11, 30, 48)
COMPLAINT_SCORE_WEIGHTS = (18, 17, 22, 25, 18)
LONG_HOLD_SECONDS = 120
COMMENT_SHARE = 0.30


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Shift:
    """Working hours of an agent: contacts starting from ``start_hour`` until ``end_hour``."""

    name: str
    start_hour: int
    end_hour: int

    def covers(self, hour: int) -> bool:
        return self.start_hour <= hour < self.end_hour


PAGI = Shift("pagi", 7, 15)
SIANG = Shift("siang", 10, 19)
MALAM = Shift("malam", 14, 22)
KANTOR = Shift("kantor", 8, 17)


@dataclass(frozen=True)
class Stream:
    """A kind of contact: its channel and direction words, daily volume, hours and queues."""

    key: str
    channel: str
    direction: str
    midweek_volume: int                       # contacts on a plain Wednesday
    hour_weights: tuple[tuple[int, float], ...]  # (hour a contact starts in, weight)
    queue_weights: tuple[tuple[str, int], ...]
    open_on_sundays: bool = True

    @property
    def is_voice(self) -> bool:
        return self.channel == "Voice"


INBOUND_HOURS = ((7, 3), (8, 6), (9, 10), (10, 11), (11, 9), (12, 6), (13, 9), (14, 10),
                 (15, 8), (16, 6), (17, 5), (18, 4), (19, 3.5), (20, 2.5), (21, 1.5))
MESSAGING_HOURS = ((7, 2), (8, 4), (9, 8), (10, 9), (11, 8), (12, 7), (13, 8), (14, 8),
                   (15, 7), (16, 6), (17, 6), (18, 6), (19, 7), (20, 7), (21, 5))
OUTBOUND_HOURS = ((8, 5), (9, 9), (10, 10), (11, 8), (12, 4), (13, 8), (14, 9), (15, 8),
                  (16, 7), (17, 5), (18, 3))
OFFICE_HOURS = ((8, 6), (9, 9), (10, 9), (11, 8), (12, 5), (13, 8), (14, 8), (15, 7), (16, 5))
DIGITAL_HOURS = ((8, 5), (9, 8), (10, 8), (11, 7), (12, 6), (13, 7), (14, 7), (15, 6),
                 (16, 6), (17, 5), (18, 5), (19, 6), (20, 6), (21, 4))

SERVICE_QUEUES = ((texts.QUEUE_GADAI_EMAS, 38), (texts.QUEUE_TABUNGAN_EMAS, 22),
                  (texts.QUEUE_PEMBIAYAAN_MIKRO, 14), (texts.QUEUE_PDS_APP, 16),
                  (texts.QUEUE_PENGADUAN, 3))
DIGITAL_QUEUES = ((texts.QUEUE_GADAI_EMAS, 30), (texts.QUEUE_TABUNGAN_EMAS, 24),
                  (texts.QUEUE_PEMBIAYAAN_MIKRO, 8), (texts.QUEUE_PDS_APP, 30),
                  (texts.QUEUE_PENGADUAN, 3))
WRITTEN_QUEUES = ((texts.QUEUE_GADAI_EMAS, 15), (texts.QUEUE_TABUNGAN_EMAS, 20),
                  (texts.QUEUE_PDS_APP, 35), (texts.QUEUE_PENGADUAN, 12))

VOICE_IN = Stream("voice_in", "Voice", "Inbound", 300, INBOUND_HOURS, SERVICE_QUEUES)
VOICE_OUT = Stream("voice_out", "Voice", "Outbound", 60, OUTBOUND_HOURS,
                   ((texts.QUEUE_REMINDER, 70), (texts.QUEUE_COLLECTION, 30)),
                   open_on_sundays=False)
CHAT = Stream("chat", "Chat", "Inbound", 55, MESSAGING_HOURS, DIGITAL_QUEUES)
WHATSAPP = Stream("whatsapp", "WhatsApp", "Inbound", 70, MESSAGING_HOURS, DIGITAL_QUEUES)
EMAIL = Stream("email", "Email", "Inbound", 18, DIGITAL_HOURS, WRITTEN_QUEUES)
SOCIAL = Stream("social", "Social Media", "Inbound", 12, DIGITAL_HOURS, WRITTEN_QUEUES)
OUTLET = Stream("outlet", "Voice", "Inbound", 22, OFFICE_HOURS,
                ((texts.QUEUE_HELPDESK_OUTLET, 1),), open_on_sundays=False)
#: Follow-ups that only arise from another contact of the case.
TRANSFER = Stream("transfer", "Voice", "Inbound", 0, (), ())
CALLBACK = Stream("callback", "Voice", "Outbound", 0, (), ((texts.QUEUE_CALLBACK, 1),),
                  open_on_sundays=False)

ARRIVING_STREAMS = (VOICE_IN, VOICE_OUT, CHAT, WHATSAPP, EMAIL, SOCIAL, OUTLET)

#: Median talk seconds per queue, of wrong-party calls and of transferred calls (lognormal).
TALK_MEDIANS = {texts.QUEUE_GADAI_EMAS: 215, texts.QUEUE_TABUNGAN_EMAS: 225,
                texts.QUEUE_PEMBIAYAAN_MIKRO: 250, texts.QUEUE_PDS_APP: 270,
                texts.QUEUE_PENGADUAN: 380, texts.QUEUE_REMINDER: 150,
                texts.QUEUE_COLLECTION: 220, texts.QUEUE_CALLBACK: 240,
                texts.QUEUE_HELPDESK_OUTLET: 200}
WRONG_PARTY_TALK_MEDIAN = 40
TRANSFER_TALK_MEDIAN = 300
TALK_SIGMA = 0.42
#: Median first-response seconds and lognormal spread of the written channels.
FIRST_RESPONSE = {"chat": (110, 0.85), "whatsapp": (140, 0.85), "social": (180, 0.9),
                  "email": (900, 0.9)}
#: Share of cases answering the CSI survey, by the stream the case started in.
SURVEY_RATES = {"voice_in": 0.26, "voice_out": 0.12, "chat": 0.30, "whatsapp": 0.30,
                "email": 0.18, "social": 0.18, "outlet": 0.10}


@dataclass(frozen=True)
class TeamPlan:
    """A team: its tier, headcount, shifts (members take them in turn) and streams."""

    name: str
    tier: int
    size: int
    shifts: tuple[Shift, ...]
    streams: tuple[str, ...]
    works_sundays: bool
    takes_new_hires: bool


TEAMS = (
    TeamPlan(texts.TEAM_INBOUND_PAGI, 1, 14, (PAGI,), ("voice_in",), True, True),
    TeamPlan(texts.TEAM_INBOUND_SIANG, 1, 12, (SIANG,), ("voice_in",), True, True),
    TeamPlan(texts.TEAM_INBOUND_MALAM, 1, 10, (MALAM,), ("voice_in",), True, True),
    TeamPlan(texts.TEAM_CHAT, 1, 12, (PAGI, MALAM), ("chat", "whatsapp"), True, True),
    TeamPlan(texts.TEAM_TELECOLLECTION, 1, 6, (KANTOR, SIANG), ("voice_out",), False, False),
    TeamPlan(texts.TEAM_CS_DIGITAL, 2, 7, (KANTOR, MALAM),
             ("email", "social", "transfer", "callback"), True, False),
    TeamPlan(texts.TEAM_HELPDESK, 2, 5, (KANTOR,), ("outlet", "transfer", "callback"),
             False, False),
)

#: Hiring batches: (days before the end date, headcount), each starting on a Monday. With the
#: default 16 weeks the first three batches cross the three-month line inside the period and
#: the last three are still under three months at the end.
HIRING_BATCHES = ((150, 3), (120, 3), (100, 2), (75, 5), (40, 4), (20, 3))
LEAVERS = 4
RECORDING_ATTEMPTS = 300     # random slots tried per recording, first for its namesake agent


@dataclass(frozen=True)
class Period:
    """The days covered by the exports, first and last included."""

    start: date
    end: date

    def days(self) -> Iterator[date]:
        for offset in range((self.end - self.start).days + 1):
            yield self.start + timedelta(days=offset)


@dataclass(frozen=True)
class Agent:
    """A roster entry and the seat (team, shift) the agent works in."""

    employee_id: str
    name: str
    call_name: str
    team: TeamPlan
    shift: Shift
    hire_date: date
    left_date: date | None

    def takes_contacts_on(self, day: date) -> bool:
        """After the training week and before the day they left."""
        started = self.hire_date + timedelta(days=TRAINING_DAYS) <= day
        return started and (self.left_date is None or day < self.left_date)

    def is_new_on(self, day: date) -> bool:
        return day < add_months(self.hire_date, TENURE_MONTHS)


@dataclass(frozen=True)
class Thread:
    """The messages of a written contact: (sender, sent at, text template), and the values
    of the template placeholders (the ticket key is filled in when the row is written)."""

    messages: tuple[tuple[str, datetime, str], ...]
    fills: tuple[tuple[str, str], ...]

    @property
    def first_response_seconds(self) -> int:
        first_customer = next(sent for sender, sent, _ in self.messages if sender == "customer")
        first_agent = next(sent for sender, sent, _ in self.messages if sender == "agent")
        return int((first_agent - first_customer).total_seconds())

    def to_json(self, ticket_key: str) -> str:
        values = dict(self.fills, tiket=ticket_key)
        return json.dumps([{"sender": sender, "sent_at": _iso_local(sent),
                            "text": template.format(**values)}
                           for sender, sent, template in self.messages], ensure_ascii=False)


@dataclass(frozen=True)
class Contact:
    """One interaction, before it gets its ids."""

    stream: Stream
    agent: Agent
    started_at: datetime
    ended_at: datetime
    talk_seconds: int | None
    hold_seconds: int | None
    acw_seconds: int
    queue: str
    wrap_up_code: str
    consent: str
    thread: Thread | None = None
    source_id: str | None = None
    recording_file: str = ""


@dataclass(frozen=True)
class Case:
    """The contacts of one customer matter, in time order."""

    contacts: tuple[Contact, ...]
    complaint: bool
    ticketed: bool
    fixed_ticket_key: str | None = None


@dataclass(frozen=True)
class Recording:
    """What the generator needs from a demo recording's metadata JSON."""

    source_id: str
    duration_seconds: float
    hold_seconds: float  # the holds heard in the audio; talk time is the rest
    outbound: bool
    agent_call_name: str | None
    complaint: bool
    ticket_key: str | None
    topic_hint: tuple[str, str] | None  # (queue, wrap-up code) from what is said


@dataclass(frozen=True)
class DemoExports:
    """The written files and how many rows each holds."""

    roster: Path
    interactions: Path
    csi: Path
    agents: int
    interactions_count: int
    csi_count: int


# --------------------------------------------------------------------------- entry point


def write_demo_exports(out_dir: Path, seed: int = DEFAULT_SEED, end: date = DEFAULT_END,
                       weeks: int = DEFAULT_WEEKS,
                       recordings_dir: Path = RECORDINGS_DIR) -> DemoExports:
    """Write the roster, interactions and CSI exports of `weeks` ISO weeks ending on `end`
    into `out_dir` (created if missing); one voice interaction per recording metadata file
    ``OC-REC-*.json`` in `recordings_dir` lands in the last two weeks."""
    rng = Random(seed)
    period = Period(end - timedelta(days=7 * weeks - 1), end)
    recordings = load_recordings(recordings_dir)
    agents = build_roster(rng, period, [recording.agent_call_name for recording in recordings
                                        if recording.agent_call_name and not recording.outbound])
    floor = Floor(agents, build_rota(rng, agents, period))
    cases = generate_cases(rng, floor, period)
    cases += recording_cases(rng, floor, period, recordings)
    numbered = number_cases(rng, cases)
    surveys = survey_rows(rng, numbered)
    interactions = interaction_rows(numbered)

    out_dir.mkdir(parents=True, exist_ok=True)
    exports = DemoExports(out_dir / ROSTER_FILE, out_dir / INTERACTIONS_FILE, out_dir / CSI_FILE,
                          len(agents), len(interactions), len(surveys))
    _write_csv(exports.roster, ROSTER_HEADER, [roster_row(agent) for agent in agents])
    _write_csv(exports.interactions, INTERACTIONS_HEADER, interactions)
    _write_csv(exports.csi, CSI_HEADER, surveys)
    return exports


# --------------------------------------------------------------------------- roster


def build_roster(rng: Random, period: Period, heard_call_names: Sequence[str]) -> list[Agent]:
    """The agents of all teams, ordered by employee id (which grows with the hire date);
    the agents heard in inbound recordings answer inbound calls."""
    seats = [(team, team.shifts[index % len(team.shifts)])
             for team in TEAMS for index in range(team.size)]
    names = _seat_names(rng, seats, heard_call_names)
    hire_dates = _hire_dates(rng, seats, period.end)
    heard_seats = {seat for seat, (_, call_name) in enumerate(names)
                   if call_name in heard_call_names}
    left_dates = _left_dates(rng, hire_dates, period, heard_seats)
    order = sorted(range(len(seats)), key=lambda seat: (hire_dates[seat], seat))
    agents = []
    number = 10_000
    for seat in order:
        number += rng.randint(5, 60)
        (team, shift), (name, call_name) = seats[seat], names[seat]
        agents.append(Agent(f"PGD{number:05d}", name, call_name, team, shift,
                            hire_dates[seat], left_dates[seat]))
    return agents


def _seat_names(rng: Random, seats: Sequence[tuple[TeamPlan, Shift]],
                heard_call_names: Sequence[str]) -> list[tuple[str, str]]:
    """Random (full name, call name) per seat, moved so that every call name heard in a
    recording that texts.AGENT_NAMES knows sits in a voice inbound seat."""
    names = rng.sample(texts.AGENT_NAMES, len(seats))
    inbound = [seat for seat, (team, _) in enumerate(seats) if VOICE_IN.key in team.streams]
    free = [seat for seat in inbound if names[seat][1] not in heard_call_names]
    for call_name in dict.fromkeys(heard_call_names):
        known = [name for name in texts.AGENT_NAMES if name[1] == call_name]
        if not known or not free or any(names[seat][1] == call_name for seat in inbound):
            continue
        seat = free.pop(rng.randrange(len(free)))
        if known[0] in names:
            names[names.index(known[0])] = names[seat]
        names[seat] = known[0]
    return names


def _hire_dates(rng: Random, seats: Sequence[tuple[TeamPlan, Shift]], end: date) -> list[date]:
    """Tenured hire dates (Tier 2 is senior), then the hiring batches in Tier 1 seats."""
    dates = []
    for team, _ in seats:
        youngest_days = 730 if team.tier == 2 else 240
        dates.append(_monday_on_or_before(end - timedelta(days=rng.randint(youngest_days, 3000))))
    open_seats = [seat for seat, (team, _) in enumerate(seats) if team.takes_new_hires]
    batch_seats = iter(rng.sample(open_seats, sum(size for _, size in HIRING_BATCHES)))
    for days_before_end, size in HIRING_BATCHES:
        batch_start = _monday_on_or_before(end - timedelta(days=days_before_end))
        for _ in range(size):
            dates[next(batch_seats)] = batch_start
    return dates


def _left_dates(rng: Random, hire_dates: Sequence[date], period: Period,
                staying: set[int]) -> list[date | None]:
    """A few agents hired before the period resign inside it; the `staying` seats do not."""
    tenured = [seat for seat, hired in enumerate(hire_dates)
               if hired < period.start and seat not in staying]
    span = (period.end - period.start).days
    left: list[date | None] = [None] * len(hire_dates)
    earliest, latest = span // 6, max(span // 6, span - 7)  # not in the first or last week
    for seat in rng.sample(tenured, LEAVERS):
        left[seat] = period.start + timedelta(days=rng.randint(earliest, latest))
    return left


def build_rota(rng: Random, agents: Sequence[Agent], period: Period) -> set[tuple[str, date]]:
    """(employee id, day) for every day an agent takes contacts: 5–6 days a week."""
    rota = set()
    for agent in agents:
        days_off: dict[tuple[int, int], set[int]] = {}
        for day in period.days():
            week = day.isocalendar()[:2]
            if week not in days_off:
                days_off[week] = _weekly_days_off(rng, agent.team)
            if day.weekday() not in days_off[week] and agent.takes_contacts_on(day):
                rota.add((agent.employee_id, day))
    return rota


def _weekly_days_off(rng: Random, team: TeamPlan) -> set[int]:
    if not team.works_sundays:
        extra = [rng.randrange(SUNDAY)] if rng.random() < 0.5 else []
        return {SUNDAY, *extra}
    weekdays = list(range(7))
    weights = [1, 1, 1, 1, 1, 2, 4]  # most days off fall on weekends
    days_off = set()
    for _ in range(1 if rng.random() < 0.4 else 2):
        pick = rng.choices(range(len(weekdays)), weights)[0]
        days_off.add(weekdays.pop(pick))
        weights.pop(pick)
    return days_off


def roster_row(agent: Agent) -> list[str]:
    return [agent.employee_id, agent.name, _fmt_date(agent.hire_date), f"Tier {agent.team.tier}",
            agent.team.name, texts.TEAM_LEADERS[agent.team.name],
            "Aktif" if agent.left_date is None else "Resign",
            "" if agent.left_date is None else _fmt_date(agent.left_date)]


# --------------------------------------------------------------------------- who takes a contact


class Floor:
    """Who is on duty for a stream at a given hour, and which voice agents are on a call."""

    def __init__(self, agents: Sequence[Agent], rota: set[tuple[str, date]]) -> None:
        self._agents = agents
        self._rota = rota
        self._on_duty: dict[tuple[str, date, int], list[Agent]] = {}
        self._calls: dict[tuple[str, date], list[tuple[datetime, datetime]]] = {}

    def on_duty(self, stream: Stream, moment: datetime) -> list[Agent]:
        key = (stream.key, moment.date(), moment.hour)
        if key not in self._on_duty:
            self._on_duty[key] = [
                agent for agent in self._agents
                if stream.key in agent.team.streams and agent.shift.covers(moment.hour)
                and (agent.employee_id, moment.date()) in self._rota]
        return self._on_duty[key]

    def assign(self, rng: Random, stream: Stream, start: datetime, busy_until: datetime,
               candidates: Sequence[Agent] | None = None) -> Agent | None:
        """A random agent on duty (from `candidates` if given); voice agents must be free
        from `start` to `busy_until` and are then booked. None when nobody can take it."""
        pool = list(self.on_duty(stream, start) if candidates is None else candidates)
        while pool:
            agent = pool.pop(rng.randrange(len(pool)))
            if not stream.is_voice:
                return agent
            calls = self._calls.setdefault((agent.employee_id, start.date()), [])
            if all(busy_until <= begun or start >= ended for begun, ended in calls):
                calls.append((start, busy_until))
                return agent
        return None


# --------------------------------------------------------------------------- contacts and cases


def generate_cases(rng: Random, floor: Floor, period: Period) -> list[Case]:
    """The cases that arrive day by day on every stream; contacts nobody could take are lost."""
    cases = []
    for day in period.days():
        for stream in ARRIVING_STREAMS:
            for started_at in _arrivals(rng, stream, day):
                case = _new_case(rng, floor, stream, started_at, period)
                if case is not None:
                    cases.append(case)
    return cases


def _arrivals(rng: Random, stream: Stream, day: date) -> list[datetime]:
    closed = _is_holiday(day) or day.weekday() == SUNDAY
    if closed and not stream.open_on_sundays:
        return []
    factor = WEEKDAY_FACTORS[SUNDAY if _is_holiday(day) else day.weekday()]
    if day.day >= 25 or day.day <= 3:
        factor *= PAYDAY_FACTOR
    count = max(0, round(stream.midweek_volume * factor * rng.gauss(1.0, 0.06)))
    starts = [datetime.combine(day, time(_weighted(rng, stream.hour_weights),
                                         rng.randrange(60), rng.randrange(60)))
              for _ in range(count)]
    return sorted(starts)


def _new_case(rng: Random, floor: Floor, stream: Stream, started_at: datetime,
              period: Period) -> Case | None:
    queue, code = _queue_and_code(rng, stream)
    complaint = texts.WRAP_UP_TOPICS.get(code) == texts.TOPIC_KOMPLAIN
    if stream.is_voice:
        first = _voice_contact(rng, floor, stream, started_at, queue, code)
    else:
        first = _written_contact(rng, floor, stream, started_at, queue, code)
    if first is None:
        return None
    contacts = [first]
    if stream is VOICE_IN and rng.random() < (0.15 if complaint else 0.025):
        contacts = _transferred(rng, floor, first)
    ticketed = _is_ticketed(rng, stream, complaint, transferred=len(contacts) > 1)
    if complaint and ticketed and rng.random() < 0.12:
        callback = _callback(rng, floor, contacts[-1], period)
        contacts += [callback] if callback is not None else []
    return Case(tuple(contacts), complaint, ticketed)


def _is_ticketed(rng: Random, stream: Stream, complaint: bool, transferred: bool) -> bool:
    """Complaints get a ticket (a few voice agents forget: the fatal S2 item), so do some
    transfers and a rare request passed to another division."""
    if complaint:
        return not stream.is_voice or rng.random() < 0.9
    return rng.random() < (0.4 if transferred else 0.005)


def _queue_and_code(rng: Random, stream: Stream) -> tuple[str, str]:
    queue = _weighted(rng, stream.queue_weights)
    return queue, _weighted(rng, texts.WRAP_UP_CODES[queue])


def _voice_contact(rng: Random, floor: Floor, stream: Stream, started_at: datetime, queue: str,
                   code: str, candidates: Sequence[Agent] | None = None,
                   talk_seconds: int | None = None, consent: str | None = None,
                   hold_seconds: int = 0) -> Contact | None:
    """A call with talk, hold and after-call work; None when no agent is free. A given talk
    time (from a recording) comes with the given hold time instead of a drawn one."""
    talk = _talk_seconds(rng, stream, queue, code) if talk_seconds is None else talk_seconds
    hold = _hold_seconds(rng, queue) if talk_seconds is None else hold_seconds
    acw = round(rng.triangular(10, 90, 25))
    ended_at = started_at + timedelta(seconds=talk + hold)
    agent = floor.assign(rng, stream, started_at, ended_at + timedelta(seconds=acw), candidates)
    if agent is None:
        return None
    return Contact(stream, agent, started_at, ended_at, talk, hold, acw, queue, code,
                   _consent(rng) if consent is None else consent)


def _talk_seconds(rng: Random, stream: Stream, queue: str, code: str) -> int:
    if code == texts.WRAP_UP_WRONG_PARTY:
        median = WRONG_PARTY_TALK_MEDIAN
    elif stream is TRANSFER:
        median = TRANSFER_TALK_MEDIAN
    else:
        median = TALK_MEDIANS[queue]
    longest = 900 if stream.direction == "Outbound" else 1800
    return min(longest, max(15, round(rng.lognormvariate(math.log(median), TALK_SIGMA))))


def _hold_seconds(rng: Random, queue: str) -> int:
    share_on_hold = 0.45 if queue == texts.QUEUE_PENGADUAN else 0.30
    return round(rng.triangular(20, 180, 45)) if rng.random() < share_on_hold else 0


def _written_contact(rng: Random, floor: Floor, stream: Stream, started_at: datetime,
                     queue: str, code: str) -> Contact | None:
    """A chat, WhatsApp, social media or e-mail conversation; agents handle several at once."""
    agent = floor.assign(rng, stream, started_at, started_at)
    if agent is None:
        return None
    topic = texts.WRAP_UP_TOPICS[code]
    median, sigma = FIRST_RESPONSE[stream.key]
    first_response = min(6 * 3600, max(5, round(rng.lognormvariate(math.log(median), sigma))))
    fills = _fills(rng, agent, started_at)
    if stream is EMAIL:
        lines = _email_lines(topic)
    else:
        lines = _chat_lines(rng, topic)
    thread = Thread(_timed_messages(rng, lines, started_at, first_response), fills)
    return Contact(stream, agent, started_at, thread.messages[-1][1], None, None,
                   round(rng.triangular(10, 120, 30)), queue, code, _consent(rng), thread)


def _chat_lines(rng: Random, topic: str) -> list[tuple[str, str]]:
    greetings = texts.SLOPPY_AGENT_GREETINGS if rng.random() < 0.06 else texts.AGENT_GREETINGS
    return [("customer", rng.choice(texts.CHAT_OPENERS)), ("agent", rng.choice(greetings)),
            *rng.choice(texts.CHAT_BODIES[topic]), *rng.choice(texts.CHAT_CLOSINGS)]


def _email_lines(topic: str) -> list[tuple[str, str]]:
    reply = texts.EMAIL_REPLY_OPENING + texts.EMAIL_ANSWERS[topic] + texts.EMAIL_REPLY_CLOSING
    return [("customer", texts.EMAIL_QUESTIONS[topic]), ("agent", reply)]


def _timed_messages(rng: Random, lines: Sequence[tuple[str, str]], started_at: datetime,
                    first_response: int) -> tuple[tuple[str, datetime, str], ...]:
    """Send times: the first agent message `first_response` seconds after the customer's
    first one; customers take a while to type, agents a while to look things up."""
    sent_at = started_at
    timed = []
    answered = False
    for sender, text in lines:
        if timed:
            if sender == "agent" and not answered:
                sent_at = started_at + timedelta(seconds=first_response)
            else:
                sent_at += timedelta(seconds=rng.randint(20, 100) if sender == "agent"
                                     else rng.randint(10, 150))
        answered = answered or sender == "agent"
        timed.append((sender, sent_at, text))
    return tuple(timed)


def _fills(rng: Random, agent: Agent, started_at: datetime) -> tuple[tuple[str, str], ...]:
    greeting = next(words for hour, words in reversed(texts.TIME_GREETINGS)
                    if started_at.hour >= hour)
    return (("salam", greeting), ("agent", agent.call_name), ("agent_lengkap", agent.name),
            ("nasabah", rng.choice(texts.CUSTOMER_NAMES)),
            ("sbg", f"{rng.randrange(10**16):016d}"),
            ("hp", f"08{rng.randrange(10**10):010d}"))


def _transferred(rng: Random, floor: Floor, first: Contact) -> list[Contact]:
    """The Tier 1 call handed to a free Tier 2 agent; unchanged when none is free."""
    second = _voice_contact(rng, floor, TRANSFER, first.ended_at + timedelta(
        seconds=rng.randint(5, 40)), first.queue, first.wrap_up_code, consent=first.consent)
    if second is None:
        return [first]
    return [replace(first, wrap_up_code=texts.WRAP_UP_TRANSFER), second]


def _callback(rng: Random, floor: Floor, last: Contact, period: Period) -> Contact | None:
    """A Tier 2 call back on the next day outbound calls are allowed, inside the period."""
    day = last.started_at.date() + timedelta(days=1)
    while day.weekday() == SUNDAY or _is_holiday(day):
        day += timedelta(days=1)
    if day > period.end:
        return None
    started_at = datetime.combine(day, time(rng.randint(9, 15), rng.randrange(60),
                                            rng.randrange(60)))
    queue, code = _queue_and_code(rng, CALLBACK)
    return _voice_contact(rng, floor, CALLBACK, started_at, queue, code)


def _consent(rng: Random) -> str:
    return _weighted(rng, CONSENT_WORDS)


# --------------------------------------------------------------------------- recordings


def load_recordings(folder: Path) -> list[Recording]:
    """The metadata files ``OC-REC-*.json`` of `folder`, sorted by name; none if it is absent."""
    return [_read_recording(path) for path in sorted(folder.glob("OC-REC-*.json"))]


def _read_recording(path: Path) -> Recording:
    raw = path.read_text(encoding="utf-8")
    metadata = json.loads(raw)
    try:
        direction = str(metadata["direction"]).lower()
        if direction not in ("inbound", "outbound"):
            raise ValueError(f"{path}: direction {direction!r} is neither inbound nor outbound")
        ticket = re.search(r"ARIANA-\d{6}", raw)
        holds = sum(float(h["end"]) - float(h["start"]) for h in metadata.get("holds", []))
        return Recording(str(metadata["id"]), float(metadata["duration"]), holds,
                         direction == "outbound", metadata.get("agent_name"),
                         "complaint" in str(metadata.get("scenario", "")),
                         ticket.group() if ticket else None, _topic_hint(metadata))
    except KeyError as missing:
        raise ValueError(f"{path}: recording metadata lacks the key {missing}") from None


def _topic_hint(metadata: dict[str, object]) -> tuple[str, str] | None:
    script = metadata.get("script")
    turns = script if isinstance(script, list) else []
    said = " ".join([str(metadata.get("title", ""))] + [
        str(turn.get("text", "")) for turn in turns
        if isinstance(turn, dict) and turn.get("speaker") == "customer"]).lower()
    return next(((queue, code) for word, queue, code in texts.RECORDING_TOPIC_HINTS
                 if re.search(rf"\b{word}", said)), None)  # "gadai" but not "pegadaian"


def recording_cases(rng: Random, floor: Floor, period: Period,
                    recordings: Sequence[Recording]) -> list[Case]:
    """One call per recording on a weekday of the last two weeks, taken by a Tier 1 agent of
    its direction: the one with the call name heard in the recording when there is one."""
    weekdays = [day for day in period.days() if (period.end - day).days < 14
                and day.weekday() < 5 and not _is_holiday(day)]
    return [_recording_case(rng, floor, weekdays, recording) for recording in recordings]


def _recording_case(rng: Random, floor: Floor, weekdays: Sequence[date],
                    recording: Recording) -> Case:
    stream = VOICE_OUT if recording.outbound else VOICE_IN
    queue, code = _recording_queue_and_code(rng, stream, recording)

    def namesakes(on_duty: list[Agent]) -> list[Agent]:
        return [agent for agent in on_duty if agent.call_name == recording.agent_call_name]

    for eligible in (namesakes, list):
        for _ in range(RECORDING_ATTEMPTS):
            started_at = datetime.combine(rng.choice(weekdays), time(
                rng.randint(9, 15), rng.randrange(60), rng.randrange(60)))
            contact = _voice_contact(rng, floor, stream, started_at, queue, code,
                                     eligible(floor.on_duty(stream, started_at)),
                                     round(recording.duration_seconds - recording.hold_seconds),
                                     "Setuju", round(recording.hold_seconds))
            if contact is not None:
                contact = replace(contact, source_id=recording.source_id,
                                  recording_file=f"{recording.source_id}.wav")
                return Case((contact,), recording.complaint, recording.ticket_key is not None,
                            recording.ticket_key)
    raise RuntimeError(f"no agent free for recording {recording.source_id} in the last two weeks")


def _recording_queue_and_code(rng: Random, stream: Stream,
                              recording: Recording) -> tuple[str, str]:
    """A complaint goes to the complaints queue; an inbound call to the queue its words hint
    at; any other call gets a random non-complaint code."""
    if recording.complaint:
        return texts.QUEUE_PENGADUAN, _weighted(rng, texts.WRAP_UP_CODES[texts.QUEUE_PENGADUAN])
    if recording.topic_hint and not recording.outbound:
        return recording.topic_hint
    while True:
        queue, code = _queue_and_code(rng, stream)
        if texts.WRAP_UP_TOPICS.get(code) != texts.TOPIC_KOMPLAIN:
            return queue, code


# --------------------------------------------------------------------------- ids and rows


@dataclass(frozen=True)
class NumberedCase:
    """A case with the ids it is exported under; `interaction_ids` follow its contacts."""

    case: Case
    case_id: str
    ticket_key: str
    interaction_ids: tuple[str, ...]


def number_cases(rng: Random, cases: Sequence[Case]) -> list[NumberedCase]:
    """Case ids, ticket keys and interaction ids, each increasing with time."""
    ordered = sorted(cases, key=lambda case: case.contacts[0].started_at)
    taken_keys = {case.fixed_ticket_key for case in ordered if case.fixed_ticket_key}
    ticket_keys = []
    ticket_number = 852_000
    for case in ordered:
        key = ""
        if case.fixed_ticket_key:
            key = case.fixed_ticket_key
        elif case.ticketed:
            ticket_number += rng.randint(1, 25)
            while f"ARIANA-{ticket_number}" in taken_keys:
                ticket_number += 1
            key = f"ARIANA-{ticket_number}"
        ticket_keys.append(key)
    contact_ids = _interaction_ids(ordered)
    return [NumberedCase(case, f"CS-{30_000_000 + index:08d}", ticket_keys[index],
                         contact_ids[index]) for index, case in enumerate(ordered)]


def _interaction_ids(cases: Sequence[Case]) -> list[tuple[str, ...]]:
    """"OC-" + 8 digits in time order; recordings keep their own id."""
    places = sorted(((contact.started_at, case_index, contact_index)
                     for case_index, case in enumerate(cases)
                     for contact_index, contact in enumerate(case.contacts)))
    ids: list[list[str]] = [[""] * len(case.contacts) for case in cases]
    number = 41_000_000
    for _, case_index, contact_index in places:
        contact = cases[case_index].contacts[contact_index]
        if contact.source_id is None:
            number += 1
        ids[case_index][contact_index] = contact.source_id or f"OC-{number:08d}"
    return [tuple(case_ids) for case_ids in ids]


def interaction_rows(numbered: Sequence[NumberedCase]) -> list[list[str]]:
    rows = [(contact.started_at, _interaction_row(contact, interaction_id, item))
            for item in numbered
            for contact, interaction_id in zip(item.case.contacts, item.interaction_ids,
                                               strict=True)]
    rows.sort(key=lambda timed: (timed[0], timed[1][0]))
    return [row for _, row in rows]


def _interaction_row(contact: Contact, interaction_id: str, item: NumberedCase) -> list[str]:
    thread = contact.thread
    return [interaction_id, contact.agent.employee_id, contact.stream.channel,
            contact.stream.direction, _fmt_datetime(contact.started_at),
            _fmt_datetime(contact.ended_at), _blank_if_none(contact.talk_seconds),
            _blank_if_none(contact.hold_seconds), _fmt_clock(contact.acw_seconds), contact.queue,
            contact.wrap_up_code, item.case_id, item.ticket_key, contact.recording_file,
            thread.to_json(item.ticket_key) if thread else "",
            str(thread.first_response_seconds) if thread else "", contact.consent]


def survey_rows(rng: Random, numbered: Sequence[NumberedCase]) -> list[list[str]]:
    """One answer for a share of the cases, 1–60 minutes after the last contact ended."""
    answers = []
    for item in numbered:
        if rng.random() >= SURVEY_RATES[item.case.contacts[0].stream.key]:
            continue
        last = item.case.contacts[-1]
        answered_at = last.ended_at + timedelta(seconds=rng.randint(60, 3600))
        score = _survey_score(rng, item.case)
        comment = rng.choice(texts.CSI_COMMENTS[score]) if rng.random() < COMMENT_SHARE else ""
        answers.append((answered_at, item.case_id, item.interaction_ids[-1], score, comment))
    answers.sort(key=lambda answer: answer[0])
    return [[f"SV-{5_000_000 + index + 1:07d}", case_id, interaction_id, str(score),
             _fmt_datetime(answered_at), comment]
            for index, (answered_at, case_id, interaction_id, score, comment)
            in enumerate(answers)]


def _survey_score(rng: Random, case: Case) -> int:
    """Complaints score lower; so do long holds and, a little, agents still in their first
    three months."""
    score = rng.choices(SCORES, COMPLAINT_SCORE_WEIGHTS if case.complaint else SCORE_WEIGHTS)[0]
    longest_hold = max(contact.hold_seconds or 0 for contact in case.contacts)
    if longest_hold > LONG_HOLD_SECONDS and rng.random() < 0.4:
        score -= 1
    last = case.contacts[-1]
    if last.agent.is_new_on(last.started_at.date()) and rng.random() < 0.15:
        score -= 1
    return max(1, score)


# --------------------------------------------------------------------------- small helpers


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _monday_on_or_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _is_holiday(day: date) -> bool:
    return (day.month, day.day) in FIXED_HOLIDAYS


def _weighted(rng: Random, choices: tuple[tuple[T, float], ...]) -> T:
    """A value drawn from (value, weight) pairs."""
    values, cumulative_weights = _cumulative(choices)
    return values[bisect(cumulative_weights, rng.random() * cumulative_weights[-1])]


@cache
def _cumulative(choices: tuple[tuple[T, float], ...]) -> tuple[tuple[T, ...], tuple[float, ...]]:
    values, weights = zip(*choices, strict=False)
    return values, tuple(accumulate(weights))


def _fmt_date(day: date) -> str:
    """DD/MM/YYYY."""
    iso = day.isoformat()
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _fmt_datetime(moment: datetime) -> str:
    """DD/MM/YYYY HH:MM:SS (isoformat is much faster than strftime over 100,000 rows)."""
    iso = moment.isoformat()
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:19]}"


def _iso_local(moment: datetime) -> str:
    return moment.isoformat() + "+07:00"


def _fmt_clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _blank_if_none(value: int | None) -> str:
    return "" if value is None else str(value)


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
