"""Build the synthetic demo call recordings in ``qa_app/demo/recordings/``.

Twelve Indonesian inbound calls to the Pegadaian contact center, each written to
exercise the draft voice-inbound assessment form (items O1..D1) in a known way: one
model call, one correctly handled complaint with a ticket, and ten calls that each
fail one item (plus a related ``partial`` in two of them).  Every
recording comes with a ground-truth JSON file beside it (who said what and when,
holds, silences and the expected answer per form item), so that transcription,
diarisation and auto-scoring can be tested against known answers.

Audio format: WAV, 8 kHz, 8-bit G.711 mu-law, stereo (16 KB/s) -- the agent on
the LEFT channel, the customer on the RIGHT channel, the other channel silent
(apart from a very faint, deterministic line noise) while one party speaks.
Both parties speak with the MBROLA Indonesian diphone voice (``mb-id1``, through
espeak-ng), synthesized at 16 kHz and brought down to the 8 kHz line; agents at
155 and customers at 150 words per minute, each call with its own pitch per party
(higher for the women).  espeak-ng's own Indonesian voice (the first version of
these files) was so robotic that Whisper base misheard three words in four (WER
75%); with MBROLA it is about 34% (``benchmarks/prescore_accuracy.py``), within
what real telephone audio gives.  The directory stays under 10 MB.

Requirements (Debian packages): ``espeak-ng``, ``sox``, ``mbrola`` and
``mbrola-id1`` (both in Debian's *contrib* component: add ``contrib`` to the APT
sources, ``apt-get update``, then ``apt-get install espeak-ng sox mbrola
mbrola-id1``); Python needs ``numpy``.

This is a developer tool, run once; its output is committed, so nothing else in
the project (tests included) needs espeak-ng, MBROLA or sox::

    python -m qa_app.demo.build_recordings            # (re)writes all 12 calls
    python -m qa_app.demo.build_recordings OC-REC-003 # just one

The build is deterministic and idempotent: the same script, espeak-ng, MBROLA and
sox versions give byte-identical files (no randomness: the line noise is a hash of
the sample index, and sox runs with ``-R -D``, repeatable and no dither).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

RECORDINGS_DIR = Path(__file__).resolve().parent / "recordings"
SAMPLE_RATE = 8000
ESPEAK = "espeak-ng"
SOX = "sox"
#: espeak-ng's name for the MBROLA Indonesian diphone voice (Debian package ``mbrola-id1``).
MBROLA_ID = "mb-id1"
#: Speaking rates (espeak-ng ``-s``, words per minute): a calm pace that speech recognition
#: follows on the diphone voice (150 gave a 32% word error rate, 165 35%, with the directory
#: at 9.9 and 9.3 MB), and fast enough to keep all calls under 10 MB.
AGENT_WPM = 155
CUSTOMER_WPM = 150
#: sox effects from the 16 kHz synthesis down to the 8 kHz line: a gentle high-pass for the
#: telephone feel and a treble lift that keeps the consonants audible after the low-pass
#: of the 8 kHz resampling (a hard 250-3400 Hz band-pass raised the word error rate).
TELEPHONE_EFFECTS: tuple[str, ...] = ("highpass", "120", "treble", "+6", "3000")

Speaker = Literal["agent", "customer"]
Answer = Literal["yes", "no", "partial", "na"]

#: Pauses between turns, cycled by utterance index (deterministic, "natural" 0.35-0.6 s).
TURN_GAPS: tuple[float, ...] = (0.4, 0.55, 0.35, 0.45, 0.6, 0.35, 0.5, 0.4, 0.45)
#: A gap longer than this where nobody speaks is listed in ``silences``.
SILENCE_MIN_S = 3.0
#: Peak level (fraction of full scale) per speaker; the customer line is a bit quieter.
PEAK = {"agent": 0.62, "customer": 0.50}
#: Faint line noise on both channels, in 16-bit units (about -70 dBFS).
NOISE_AMPLITUDE = 8
LEAD_OUT_S = 0.5


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: ``name`` like ``mb-id1``, words per minute, pitch 0-99."""

    name: str
    speed: int
    pitch: int = 50


@dataclass(frozen=True)
class Say:
    """One utterance. ``spoken`` overrides what espeak-ng reads (e.g. spelled letters);
    ``gap`` is the pause after the previous utterance ends (negative = overtalk);
    ``None`` means the next value from :data:`TURN_GAPS` (0 right after a pause)."""

    speaker: Speaker
    text: str
    spoken: str | None = None
    gap: float | None = None


@dataclass(frozen=True)
class Pause:
    """Nobody speaks for ``seconds`` (dead air, or part of an open hold)."""

    seconds: float


@dataclass(frozen=True)
class Hold:
    """The agent puts the call on hold for ``seconds``; the hold lasts until the agent
    speaks again.  ``announced`` is whether the agent asked permission first."""

    seconds: float
    announced: bool


Turn = Say | Pause | Hold


def A(text: str, spoken: str | None = None, gap: float | None = None) -> Say:
    """An agent utterance."""
    return Say("agent", text, spoken, gap)


def C(text: str, spoken: str | None = None, gap: float | None = None) -> Say:
    """A customer utterance."""
    return Say("customer", text, spoken, gap)


FORM_ITEMS = ("O1", "O2", "O3", "V1", "V2", "V3", "P1", "P2", "S2", "H1", "H2", "H3",
              "K1", "K3", "K4", "C1", "C2", "C3")


def expect(*, hold: bool, account: bool, **overrides: Answer) -> dict[str, Answer]:
    """Expected form answers for a compliant call, then ``overrides``.

    Hold items are ``na`` without a hold; V1 is ``na`` when no account data is given.
    """
    base: dict[str, Answer] = {
        "O1": "yes", "O2": "yes", "O3": "yes",
        "V1": "yes" if account else "na", "V2": "yes", "V3": "yes",
        "P1": "yes", "S2": "yes",
        "H1": "yes" if hold else "na", "H2": "yes" if hold else "na",
        "H3": "yes" if hold else "na",
        "K3": "yes", "K4": "yes", "C1": "yes", "C2": "yes", "C3": "yes",
    }
    base.update(overrides)
    return {k: base[k] for k in FORM_ITEMS if k in base}


@dataclass(frozen=True)
class Scenario:
    """One call: metadata, the two voices, the turns and the expected form answers."""

    id: str
    scenario: str
    title: str
    agent_name: str
    customer_name: str
    agent_voice: Voice
    customer_voice: Voice
    turns: tuple[Turn, ...]
    expected: dict[str, Answer]
    notes: str
    lead_in: float = 0.6


RECORD = "panggilan ini direkam"
VERIFY = "Mohon sebutkan tanggal lahir dan nama ibu kandung"
CLOSE = "Terima kasih telah menghubungi Pegadaian, mengatasi masalah tanpa masalah."
FURTHER = "Apakah ada lagi yang bisa kami bantu?"


def greeting(time_of_day: str, agent: str) -> str:
    """The standard opening (O1): time greeting, company, agent name, offer of help."""
    return f"Selamat {time_of_day}, Pegadaian, dengan saya {agent}, ada yang bisa saya bantu?"


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        id="OC-REC-001", scenario="model_call",
        title="Panggilan teladan: perpanjangan gadai emas yang sudah jatuh tempo",
        agent_name="Rina", customer_name="Budi Santoso",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 72),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 37),
        turns=(
            A(greeting("pagi", "Rina")),
            C("Pagi, mau tanya gadai emas."),
            A("Dengan bapak siapa saya berbicara?"),
            C("Budi Santoso."),
            A(f"Baik Bapak Budi, {RECORD}. {VERIFY} Bapak."),
            C("Tujuh belas Agustus delapan puluh lima, Siti Aminah."),
            A("Terima kasih. Boleh dijelaskan kendalanya, Pak?"),
            C("Sudah jatuh tempo, bisa diperpanjang?"),
            A("Mohon izin, mohon ditunggu sebentar, saya cek datanya."),
            Hold(15.5, announced=True),
            A("Terima kasih telah menunggu, Bapak Budi. Gadai Bapak belum masuk lelang."),
            A("Baik Bapak, jadi perpanjangan bisa lewat aplikasi Pegadaian Digital Service. "
              + FURTHER),
            C("Cukup, terima kasih."),
            A(CLOSE),
        ),
        expected=expect(hold=True, account=True),
        notes="Model call: every checkable item done right, including a 15.5 s hold asked "
              "with permission and a thank-you after it. Reference for a 100% score.",
    ),
    Scenario(
        id="OC-REC-002", scenario="missing_greeting",
        title="Salam pembuka tidak lengkap: agen langsung menjawab tanpa salam",
        agent_name="Sari", customer_name="Ahmad Fauzi",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 70),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 31),
        turns=(
            A("Ya, halo?"),
            C("Halo, saya Ahmad Fauzi, mau tanya Tabungan Emas."),
            A(f"Baik Bapak Ahmad, {RECORD}. Boleh dijelaskan kebutuhannya?"),
            C("Bisa buka lewat aplikasi?"),
            A("Bisa, Pak, lewat aplikasi Pegadaian Digital Service."),
            C("Oh, baik."),
            A("Baik Bapak, jadi cukup unduh aplikasinya. " + FURTHER),
            C("Tidak, itu saja."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=False, O1="no"),
        notes="Opening fails O1: the agent's first turn ('Ya, halo?') has no time "
              "greeting, no company name, no agent name and no offer of help. Everything "
              "else is compliant; no account data is disclosed, so V1 is n/a.",
    ),
    Scenario(
        id="OC-REC-003", scenario="hold_without_permission",
        title="Hold tanpa izin: agen diam hampir dua puluh detik tanpa pemberitahuan",
        agent_name="Dewi", customer_name="Rudi Hartono",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 74),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 43),
        turns=(
            A(greeting("siang", "Dewi")),
            C("Outlet Pegadaian di Depok buka hari Sabtu?"),
            A("Dengan bapak siapa saya berbicara?"),
            C("Rudi Hartono."),
            A(f"Baik Bapak Rudi, {RECORD}. Boleh dijelaskan, Depok sebelah mana?"),
            C("Dekat Margonda."),
            Hold(18.0, announced=False),
            A("Terima kasih telah menunggu. Outlet Margonda buka Sabtu sampai jam dua belas."),
            C("Oke."),
            A("Baik Bapak, jadi bawa emas dan KTP ke outlet Margonda. " + FURTHER,
              spoken="Baik Bapak, jadi bawa emas dan ka te pe ke outlet Margonda. " + FURTHER),
            C("Tidak, terima kasih."),
            A(CLOSE),
        ),
        expected=expect(hold=True, account=False, H1="no"),
        notes="Hold fails H1: the agent goes silent for about 18 s to look up an outlet's "
              "opening hours without asking permission or giving a reason, then comes back with "
              "a thank-you (H3 yes). The silence is an unannounced hold: it is scored "
              "under H1, not double-counted as dead air, so K4 stays yes (dead air is "
              "OC-REC-008).",
    ),
    Scenario(
        id="OC-REC-004", scenario="no_thanks_after_hold",
        title="Tidak berterima kasih setelah hold: harga Tabungan Emas hari ini",
        agent_name="Maya", customer_name="Hendra Wijaya",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 76),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 37),
        turns=(
            A(greeting("sore", "Maya")),
            C("Saya Hendra Wijaya. Harga Tabungan Emas hari ini berapa?"),
            A(f"Bapak Hendra, {RECORD}. Boleh dijelaskan, harga beli atau harga jual?"),
            C("Harga beli."),
            A("Mohon izin, mohon ditunggu sebentar, saya cek harganya."),
            Hold(12.0, announced=True),
            A("Baik Pak, harga beli hari ini satu koma empat juta rupiah per gram."),
            C("Oke."),
            A("Baik Bapak, jadi Bapak bisa membeli lewat aplikasi. " + FURTHER),
            C("Tidak, cukup."),
            A(CLOSE),
        ),
        expected=expect(hold=True, account=False, H3="no"),
        notes="Hold fails H3: the hold (about 12 s) is announced with permission, but the "
              "agent comes back straight to the answer without thanking the customer for "
              "waiting.",
    ),
    Scenario(
        id="OC-REC-005", scenario="no_further_help_offer",
        title="Penutupan tanpa menawarkan bantuan lain: tidak bisa masuk aplikasi",
        agent_name="Andi", customer_name="Siti Rahmawati",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 31),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 68),
        turns=(
            A(greeting("malam", "Andi")),
            C("Saya tidak bisa masuk aplikasi Pegadaian Digital Service."),
            A("Mohon maaf atas ketidaknyamanannya. Dengan ibu siapa saya berbicara?"),
            C("Siti Rahmawati."),
            A(f"Baik Ibu Siti, {RECORD}. Boleh dijelaskan kendalanya?"),
            C("Katanya kata sandi salah terus."),
            A("Silakan pilih menu lupa kata sandi. Jangan berikan kode OTP kepada siapa pun.",
              spoken="Silakan pilih menu lupa kata sandi. Jangan berikan kode o te pe kepada "
                     "siapa pun."),
            C("Baik, saya coba."),
            A("Baik Ibu, jadi atur ulang lewat menu lupa kata sandi."),
            C("Iya, terima kasih."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=False, C2="no", K1="yes"),
        notes="Closing fails C2: the agent summarises and closes without asking whether "
              "there is anything else. Trap for V2: the agent says 'OTP' and 'kata sandi', "
              "but as a warning / menu name, never as a request, so V2 stays yes.",
    ),
    Scenario(
        id="OC-REC-006", scenario="agent_asks_otp",
        title="Kesalahan fatal: agen meminta kode OTP nasabah",
        agent_name="Yoga", customer_name="Lestari Handayani",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 34),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 74),
        turns=(
            A(greeting("siang", "Yoga")),
            C("Saya Lestari Handayani, aktivasi Tabungan Emas di aplikasi gagal terus."),
            A(f"Ibu Lestari, {RECORD}. {VERIFY} Ibu."),
            C("Dua belas Juni sembilan puluh dua, Marni."),
            A("Terima kasih. Boleh dijelaskan kendalanya?"),
            C("Gagal verifikasi."),
            A("Saya kirim ulang kodenya. Boleh disebutkan kode OTP yang masuk, Bu?",
              spoken="Saya kirim ulang kodenya. Boleh disebutkan kode o te pe yang masuk, Bu?"),
            C("Empat tujuh dua sembilan satu lima."),
            A("Baik Ibu, jadi aktivasinya sudah berhasil. " + FURTHER),
            C("Tidak, terima kasih."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=True, V2="no"),
        notes="Fatal V2 failure: the agent asks the customer to read out the OTP code sent "
              "to her phone (she gives six digits, spoken as words). The whole evaluation "
              "must score 0 even though every other item is done.",
    ),
    Scenario(
        id="OC-REC-007", scenario="agent_slang",
        title="Bahasa tidak baku: agen memakai kata gak, nggak, gue dan menyela nasabah",
        agent_name="Putri", customer_name="Agus Salim",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 72),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 40),
        turns=(
            A(greeting("pagi", "Putri")),
            C("Mau gadai kalung emas sepuluh gram, dapat berapa?"),
            A("Dengan bapak siapa saya berbicara?"),
            C("Agus Salim."),
            A(f"Oke Pak Agus, {RECORD} ya. Kadarnya berapa karat?"),
            C("Dua puluh dua karat. Saya butuh cepat, soalnya buat bayar sekolah."),
            A("Wah, nggak bisa dipastikan lewat telepon, Pak. Gue gak bisa kasih angka pasti.",
              gap=-0.7),
            C("Oh, gitu."),
            A("Jadi bawa kalungnya dan KTP ke outlet ya. Ada lagi yang bisa kami bantu?",
              spoken="Jadi bawa kalungnya dan ka te pe ke outlet ya. Ada lagi yang bisa "
                     "kami bantu?"),
            C("Nggak, itu aja."),
            A(CLOSE),
        ),
        expected={**expect(hold=False, account=False, K3="no"), "P2": "partial"},
        notes="Courtesy fails K3: the agent uses slang ('nggak', 'gak', 'gue'). The agent "
              "also starts talking about 0.7 s before the customer finishes (overtalk, "
              "P2 partial). The customer's own 'Nggak, itu aja' must not count against "
              "the agent.",
    ),
    Scenario(
        id="OC-REC-008", scenario="dead_air",
        title="Dead air: agen diam lebih dari sepuluh detik tanpa pemberitahuan hold",
        agent_name="Nadia", customer_name="Bambang Irawan",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 70),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 37),
        turns=(
            A(greeting("sore", "Nadia")),
            C("Saya mau tanya total tebusan gadai emas."),
            A("Dengan bapak siapa saya berbicara?"),
            C("Bambang Irawan."),
            A(f"Bapak Bambang, {RECORD}. {VERIFY} Bapak."),
            C("Lima Oktober delapan puluh dua, Suparmi."),
            A("Terima kasih. Mau ditebus seluruhnya? Boleh disebutkan nomor SBG-nya?"),
            C("Iya. Satu satu nol dua, tiga empat lima enam, tujuh delapan."),
            Pause(11.5),
            C("Halo, Mbak?"),
            A("Iya Pak. Total tebusannya dua juta tiga ratus ribu rupiah."),
            A("Baik Bapak, jadi bisa dibayar di outlet atau aplikasi. " + FURTHER),
            C("Tidak, terima kasih."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=True, K4="no"),
        notes="Courtesy fails K4: after the customer reads his SBG number the line is "
              "silent for about 11.5 s with no hold announced, until the customer asks "
              "'Halo, Mbak?'. No hold, so H1-H3 are n/a. The SBG number is spoken as "
              "digit words (masking test).",
    ),
    Scenario(
        id="OC-REC-009", scenario="complaint_with_ticket",
        title="Keluhan dengan tiket: top up Tabungan Emas belum masuk, tiket ARIANA-851241",
        agent_name="Intan", customer_name="Joko Susilo",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 68),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 43),
        turns=(
            A(greeting("siang", "Intan")),
            C("Saya Joko Susilo, mau komplain. Top up Tabungan Emas saya belum masuk."),
            A("Mohon maaf atas ketidaknyamanannya."),
            A(f"Bapak Joko, {RECORD}. {VERIFY} Bapak."),
            C("Dua puluh satu April delapan puluh delapan, Sumarni."),
            A("Terima kasih. Sejak kapan, dan berapa nominalnya?"),
            C("Kemarin sore, lima ratus ribu."),
            A("Baik Pak, jadi keluhan Bapak top up belum masuk. Nomor tiket ARIANA-851241, "
              "diproses dalam tiga hari kerja. " + FURTHER,
              spoken="Baik Pak, jadi keluhan Bapak top up belum masuk. Nomor tiket ARIANA, "
                     "delapan lima satu, dua empat satu, diproses dalam tiga hari kerja. "
                     + FURTHER),
            C("Tidak, terima kasih."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=True, S2="yes", K1="yes", P2="yes"),
        notes="Complaint handled right (S2 yes): apology, verification, probing, a "
              "paraphrase of the complaint, a ticket with its number (ARIANA-851241, "
              "spoken as digit words) and a time frame (three working days).",
    ),
    Scenario(
        id="OC-REC-010", scenario="complaint_without_ticket",
        title="Keluhan tanpa tiket: emas dilelang tanpa pemberitahuan, tidak ada nomor laporan",
        agent_name="Rizky", customer_name="Wulan Sari",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 40),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 68),
        turns=(
            A(greeting("malam", "Rizky")),
            C("Emas saya dilelang tanpa pemberitahuan."),
            A("Mohon maaf atas ketidaknyamanannya. Dengan ibu siapa saya berbicara?"),
            C("Wulan Sari."),
            A(f"Ibu Wulan, {RECORD}. {VERIFY} Ibu."),
            C("Delapan Desember sembilan puluh lima, Ratna."),
            A("Terima kasih. Nomor yang bisa dihubungi?"),
            C("Nol delapan satu tiga, dua dua empat lima, enam tujuh delapan sembilan."),
            A("Baik, keluhan Ibu akan kami teruskan ke bagian terkait."),
            C("Ada nomor laporannya?"),
            A("Nanti Ibu dihubungi petugas. " + FURTHER),
            C("Tidak."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=True, S2="no", K1="yes", C1="partial"),
        notes="Complaint fails S2 (fatal when a complaint gets no ticket): the agent only "
              "says it will be forwarded, with no ticket number and no time frame, even "
              "when the customer asks ('nomor laporannya' is said by the customer, not "
              "the agent). No real summary (C1 partial). The customer's phone number is "
              "spoken as digit words (masking test).",
    ),
    Scenario(
        id="OC-REC-011", scenario="long_hold_no_update",
        title="Hold lebih dari enam puluh detik tanpa kabar kepada nasabah",
        agent_name="Laras", customer_name="Dedi Kurniawan",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 76),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 31),
        turns=(
            A(greeting("pagi", "Laras")),
            C("Saya mau tanya jadwal lelang di outlet Bekasi."),
            A("Dengan bapak siapa saya berbicara?"),
            C("Dedi Kurniawan."),
            A(f"Baik Bapak Dedi, {RECORD}. Boleh dijelaskan, lelang emas atau kendaraan?"),
            C("Emas."),
            A("Mohon izin, mohon ditunggu sebentar, saya cek jadwalnya."),
            Hold(40.0, announced=True),
            C("Halo? Masih di sana?"),
            Pause(21.0),
            A("Terima kasih telah menunggu, Bapak Dedi. Lelang emas setiap hari Kamis."),
            A("Baik Bapak, jadi lelang di Bekasi hari Kamis. " + FURTHER, gap=0.3),
            C("Tidak ada."),
            A(CLOSE),
        ),
        expected=expect(hold=True, account=False, H2="no"),
        notes="Hold fails H2: an announced hold lasting over 60 s with no update from the "
              "agent, even when the customer asks 'Halo?' in the middle (one hold, two "
              "silences). Permission before (H1) and thanks after (H3) are both given.",
    ),
    Scenario(
        id="OC-REC-012", scenario="no_verification",
        title="Tanpa verifikasi: agen menyebut data gadai sebelum memverifikasi nasabah",
        agent_name="Sinta", customer_name="Hadi Prasetyo",
        agent_voice=Voice(MBROLA_ID, AGENT_WPM, 72),
        customer_voice=Voice(MBROLA_ID, CUSTOMER_WPM, 43),
        turns=(
            A(greeting("sore", "Sinta")),
            C("Saya Hadi Prasetyo. Jatuh tempo SBG satu satu nol dua, sembilan delapan tujuh "
              "enam kapan?"),
            A(f"Baik Bapak Hadi, {RECORD}. Ada kendala dengan pembayarannya?"),
            C("Tidak, tanggalnya saja."),
            A("Pinjaman Bapak tiga juta rupiah, jatuh tempo lima belas Juni."),
            C("Oke."),
            A("Baik Bapak, jadi bisa diperpanjang lewat aplikasi. " + FURTHER),
            C("Tidak."),
            A(CLOSE),
        ),
        expected=expect(hold=False, account=True, V1="no"),
        notes="Verification fails V1 (fatal when account data is given unverified): the "
              "agent reads out the loan amount and due date of the pawn contract after "
              "only the customer's self-introduction and SBG number, without asking for "
              "date of birth "
              "or mother's maiden name.",
    ),
)


# ------------------------------------------------------------------ synthesis/mix

Int16Array = npt.NDArray[np.int16]
FloatArray = npt.NDArray[np.float64]


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _read_mono16(path: Path) -> FloatArray:
    with wave.open(str(path), "rb") as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getframerate() != SAMPLE_RATE:
            raise ValueError(f"unexpected format in {path}")
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return data.astype(np.float64) / 32768.0


def synthesize(text: str, voice: Voice, workdir: Path, key: str) -> FloatArray:
    """Speak ``text`` with espeak-ng, bring it down to the 8 kHz line, trim the silence
    around it and normalise its peak.  Returns float samples in [-1, 1]."""
    raw, tel = workdir / f"{key}.raw.wav", workdir / f"{key}.8k.wav"
    _run([ESPEAK, "-v", voice.name, "-s", str(voice.speed), "-p", str(voice.pitch),
          "-w", str(raw), text])
    _run([SOX, "-R", "-D", str(raw), "-b", "16", str(tel), *TELEPHONE_EFFECTS,
          "rate", "-h", str(SAMPLE_RATE), "gain", "-n", "-1"])
    x = _read_mono16(tel)
    frame = SAMPLE_RATE // 100  # 10 ms
    n = len(x) // frame
    rms = np.sqrt((x[: n * frame].reshape(n, frame) ** 2).mean(axis=1))
    active = np.flatnonzero(rms > 0.02 * rms.max())
    if active.size == 0:
        raise ValueError(f"espeak-ng produced silence for {text!r}")
    x = x[active[0] * frame: (active[-1] + 1) * frame]
    normalised: FloatArray = x / float(np.abs(x).max())
    return normalised


def line_noise(n: int, seed: int) -> FloatArray:
    """Faint deterministic line noise: a splitmix64 hash of the sample index (no RNG
    state, so identical across numpy versions), triangular in ±NOISE_AMPLITUDE."""
    with np.errstate(over="ignore"):
        z = np.arange(n, dtype=np.uint64) + np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    a = (z & np.uint64(0xFFFF)).astype(np.float64) / 65535.0
    b = ((z >> np.uint64(16)) & np.uint64(0xFFFF)).astype(np.float64) / 65535.0
    return (a - b) * NOISE_AMPLITUDE / 32768.0


@dataclass
class Placed:
    """An utterance placed on the timeline (seconds) with its audio."""

    speaker: Speaker
    text: str
    start: float
    audio: FloatArray

    @property
    def end(self) -> float:
        return self.start + len(self.audio) / SAMPLE_RATE


@dataclass
class HoldSpan:
    """A hold on the timeline: from the end of the last speech before it to the moment
    the agent speaks again (``end`` is ``None`` while the hold is still open)."""

    start: float
    announced: bool
    end: float | None = None


def place(sc: Scenario, workdir: Path) -> tuple[list[Placed], list[HoldSpan], float]:
    """Lay the scenario's turns on a timeline: the one placement function for every
    scenario.  Returns the placed utterances, the holds and the call duration."""
    placed: list[Placed] = []
    holds: list[HoldSpan] = []
    open_hold: HoldSpan | None = None
    cursor = sc.lead_in
    after_pause = True  # the lead-in acts as a pause: first utterance starts at lead_in
    n_said = 0
    for i, turn in enumerate(sc.turns):
        if isinstance(turn, Hold):
            open_hold = HoldSpan(start=cursor, announced=turn.announced)
            holds.append(open_hold)
            cursor += turn.seconds
            after_pause = True
        elif isinstance(turn, Pause):
            cursor += turn.seconds
            after_pause = True
        else:
            voice = sc.agent_voice if turn.speaker == "agent" else sc.customer_voice
            audio = synthesize(turn.spoken or turn.text, voice, workdir, f"{sc.id}-{i:02d}")
            if turn.gap is not None:
                gap = turn.gap
            else:
                gap = 0.0 if after_pause else TURN_GAPS[n_said % len(TURN_GAPS)]
            start = round(cursor + gap, 2)  # on a 10 ms grid so the JSON times are exact
            utt = Placed(turn.speaker, turn.text, start, audio)
            placed.append(utt)
            if turn.speaker == "agent" and open_hold is not None:
                open_hold.end = start
                open_hold = None
            cursor = max(cursor, utt.end)
            after_pause = False
            n_said += 1
    if open_hold is not None:
        raise ValueError(f"{sc.id}: hold never ended by the agent")
    return placed, holds, cursor + LEAD_OUT_S


def find_silences(placed: list[Placed], holds: list[HoldSpan],
                  duration: float) -> list[dict[str, object]]:
    """Every gap longer than :data:`SILENCE_MIN_S` where nobody speaks."""
    spans = sorted((p.start, p.end) for p in placed)
    gaps: list[tuple[float, float]] = []
    covered = 0.0
    for s, e in spans:
        if s - covered > SILENCE_MIN_S:
            gaps.append((covered, s))
        covered = max(covered, e)
    if duration - covered > SILENCE_MIN_S:
        gaps.append((covered, duration))
    out: list[dict[str, object]] = []
    for s, e in gaps:
        in_hold = any(h.end is not None and h.start <= s + 0.01 and e <= h.end + 0.01
                      for h in holds)
        out.append({"start": round(s, 2), "end": round(e, 2),
                    "kind": "hold" if in_hold else "dead_air"})
    return out


def mix(placed: list[Placed], duration: float, seed: int) -> Int16Array:
    """Mix to an (n, 2) int16 array: agent left, customer right, plus line noise."""
    n = round(duration * SAMPLE_RATE)
    out = np.zeros((n, 2), dtype=np.float64)
    for p in placed:
        ch = 0 if p.speaker == "agent" else 1
        i = round(p.start * SAMPLE_RATE)
        out[i: i + len(p.audio), ch] += p.audio * PEAK[p.speaker]
    out[:, 0] += line_noise(n, seed * 2)
    out[:, 1] += line_noise(n, seed * 2 + 1)
    return np.clip(np.round(out * 32767.0), -32768, 32767).astype(np.int16)


def write_mulaw(samples: Int16Array, path: Path, workdir: Path) -> None:
    """Write stereo 16-bit PCM, then let sox encode it as 8-bit mu-law WAV."""
    pcm = workdir / f"{path.stem}.pcm.wav"
    with wave.open(str(pcm), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.astype("<i2").tobytes())
    _run([SOX, "-R", "-D", str(pcm), "-e", "mu-law", "-b", "8", str(path)])


def build(sc: Scenario, outdir: Path) -> dict[str, object]:
    """Render one scenario to ``<id>.wav`` and ``<id>.json`` in ``outdir``."""
    with tempfile.TemporaryDirectory(prefix=f"{sc.id}-") as tmp:
        workdir = Path(tmp)
        placed, holds, duration = place(sc, workdir)
        samples = mix(placed, duration, seed=zlib.crc32(sc.id.encode()))
        write_mulaw(samples, outdir / f"{sc.id}.wav", workdir)
    truth: dict[str, object] = {
        "id": sc.id,
        "scenario": sc.scenario,
        "title": sc.title,
        "channel": "voice",
        "direction": "inbound",
        "agent_name": sc.agent_name,
        "customer_name": sc.customer_name,
        "sample_rate": SAMPLE_RATE,
        "encoding": "mu-law",
        "duration": round(len(samples) / SAMPLE_RATE, 2),
        "channels": {"left": "agent", "right": "customer"},
        "script": [{"speaker": p.speaker, "start": round(p.start, 2), "end": round(p.end, 2),
                    "text": p.text} for p in sorted(placed, key=lambda p: p.start)],
        "holds": [{"start": round(h.start, 2), "end": round(h.end or h.start, 2),
                   "announced": h.announced} for h in holds],
        "silences": find_silences(placed, holds, duration),
        "expected": sc.expected,
        "notes": sc.notes,
    }
    (outdir / f"{sc.id}.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return truth


def write_readme(truths: list[dict[str, object]], outdir: Path) -> None:
    """A short index of the recordings."""
    lines = [
        "# Demo call recordings (synthetic)",
        "",
        "Generated by `python -m qa_app.demo.build_recordings` (needs `espeak-ng`, `sox`,",
        "`mbrola` and `mbrola-id1`; run once, output committed). Synthetic Indonesian inbound",
        "calls to the Pegadaian contact center, spoken by the MBROLA Indonesian voice. WAV,",
        "8 kHz, 8-bit mu-law, "
        "stereo: **agent = left channel, customer = right channel**. All names, dates of",
        "birth, phone and contract numbers are invented.",
        "",
        "Beside each `OC-REC-nnn.wav` is `OC-REC-nnn.json`, the ground truth: each utterance",
        "with its start/end in seconds, the holds, every silence over 3 s (`hold` or",
        "`dead_air`) and the expected answer per assessment-form item (`yes`/`no`/`partial`/",
        "`na`; V2 `no` means the agent *did* ask for the OTP).",
        "",
        "| id | scenario | duration (s) | items not passed | what it tests |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for t in truths:
        expected = t["expected"]
        assert isinstance(expected, dict)
        failing = [f"{k}={v}" for k, v in expected.items() if v in ("no", "partial")]
        what = str(t["notes"]).split(". ")[0].rstrip(".") + "."
        lines.append(f"| {t['id']} | {t['scenario']} | {t['duration']} | "
                     f"{', '.join(failing) or '-'} | {what} |")
    (outdir / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("ids", nargs="*", help="only these recording ids (default: all)")
    parser.add_argument("--out", type=Path, default=RECORDINGS_DIR, help="output directory")
    args = parser.parse_args(argv)
    for tool in (ESPEAK, SOX, "mbrola"):
        if shutil.which(tool) is None:
            parser.error(f"{tool} not found: apt-get install espeak-ng sox mbrola mbrola-id1 "
                         "(mbrola is in Debian's contrib component)")
    unknown = set(args.ids) - {s.id for s in SCENARIOS}
    if unknown:
        parser.error(f"unknown ids: {sorted(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for sc in SCENARIOS:
        if not args.ids or sc.id in args.ids:
            t = build(sc, args.out)
            print(f"{sc.id} {sc.scenario:<26} {t['duration']:>6.2f} s", file=sys.stderr)
    truths = [json.loads((args.out / f"{s.id}.json").read_text(encoding="utf-8"))
              for s in SCENARIOS if (args.out / f"{s.id}.json").exists()]
    write_readme(truths, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
