"""Words of the demo exports: people, teams, queues, wrap-up codes, chat and e-mail templates.

Data only; `qa_app.demo.generator` decides how they are combined. Templates use
`str.format` placeholders:

- ``{salam}``  time greeting from the start of the contact ("Selamat pagi" ...)
- ``{agent}``  the agent's call name; ``{agent_lengkap}`` their full name (e-mail signature)
- ``{nasabah}`` the customer's full name
- ``{sbg}``    a pawn contract (SBG) number, ``{hp}`` a mobile number
- ``{tiket}``  the Jira ticket key of the case (used only in complaint topics)
"""

from __future__ import annotations

# --------------------------------------------------------------------------- people

#: (full name, call name), from many regions: Javanese, Sundanese, Batak, Minang, Bugis,
#: Balinese, Minahasa, Acehnese, Chinese-Indonesian. Call names are what the agent says
#: ("dengan Rina"); several match the agents heard in the demo recordings.
AGENT_NAMES: tuple[tuple[str, str], ...] = (
    ("Rina Kartikasari", "Rina"),
    ("Sari Puspitaningrum", "Sari"),
    ("Dewi Lestari Handayani", "Dewi"),
    ("Maya Anggraini", "Maya"),
    ("Andi Muhammad Akbar", "Andi"),
    ("Yoga Pamungkas", "Yoga"),
    ("Putri Ayuningtyas", "Putri"),
    ("Nadia Rahmadani", "Nadia"),
    ("Intan Permatasari", "Intan"),
    ("Rizky Firmansyah", "Rizky"),
    ("Larasati Wulandari", "Laras"),
    ("Sinta Maharani", "Sinta"),
    ("Agus Setiawan", "Agus"),
    ("Dwi Rahmawati", "Dwi"),
    ("Eko Prasetyo", "Eko"),
    ("Sri Wahyuningsih", "Sri"),
    ("Bambang Sutrisno", "Bambang"),
    ("Wulan Puspitasari", "Wulan"),
    ("Joko Susilo Nugroho", "Joko"),
    ("Endah Lestari", "Endah"),
    ("Tri Handayani", "Tri"),
    ("Anton Wibowo", "Anton"),
    ("Yuni Astuti", "Yuni"),
    ("Slamet Riyadi", "Slamet"),
    ("Bayu Aji Nugroho", "Bayu"),
    ("Fitriani Utami", "Fitri"),
    ("Dimas Aditya Putra", "Dimas"),
    ("Galih Saputra", "Galih"),
    ("Asep Saepudin", "Asep"),
    ("Euis Komalasari", "Euis"),
    ("Dede Kurniawan", "Dede"),
    ("Neng Siti Rohmah", "Neng"),
    ("Ujang Hermawan", "Ujang"),
    ("Cecep Supriatna", "Cecep"),
    ("Lilis Suryani", "Lilis"),
    ("Gilang Ramadhan", "Gilang"),
    ("Yayan Sopyan", "Yayan"),
    ("Roy Simanjuntak", "Roy"),
    ("Maria Situmorang", "Maria"),
    ("Daniel Hutapea", "Daniel"),
    ("Lestari Br Sinaga", "Lestari"),
    ("Yosua Siregar", "Yosua"),
    ("Debora Nainggolan", "Debora"),
    ("Rudi Pardede", "Rudi"),
    ("Sarah Panjaitan", "Sarah"),
    ("Franky Sihombing", "Franky"),
    ("Rahmat Hidayat", "Rahmat"),
    ("Fadli Chaniago", "Fadli"),
    ("Rini Yulianti", "Rini"),
    ("Zulkifli Tanjung", "Zul"),
    ("Novi Andriani", "Novi"),
    ("Hendra Koto", "Hendra"),
    ("Yelfi Susanti", "Yelfi"),
    ("Irwan Piliang", "Irwan"),
    ("Nurhayati Daeng Baji", "Nur"),
    ("Syamsul Bahri", "Syamsul"),
    ("Andi Tenri Ajeng", "Tenri"),
    ("I Made Sudarsana", "Made"),
    ("Ni Luh Putu Ayu Lestari", "Ayu"),
    ("I Gede Wirawan", "Gede"),
    ("Ni Komang Sri Astuti", "Komang"),
    ("Grace Lumowa", "Grace"),
    ("Jeffry Rumengan", "Jeffry"),
    ("Stevani Mandagi", "Stevani"),
    ("Kevin Wijaya", "Kevin"),
    ("Melisa Halim", "Melisa"),
    ("Stefani Gunawan", "Stefani"),
    ("Teuku Rizki Maulana", "Teuku"),
    ("Cut Meutia Sari", "Meutia"),
    ("Muhammad Iqbal", "Iqbal"),
    ("Fajar Nugraha", "Fajar"),
    ("Nabila Azzahra", "Nabila"),
    ("Reza Maulana", "Reza"),
    ("Citra Kirana", "Citra"),
    ("Arief Budiman", "Arief"),
    ("Desi Ratnasari", "Desi"),
    ("Mega Puspita", "Mega"),
    ("Taufik Hidayatullah", "Taufik"),
    ("Annisa Rahmadani", "Annisa"),
    ("Ida Farida", "Ida"),
)

#: Customers named in e-mail threads.
CUSTOMER_NAMES: tuple[str, ...] = (
    "Budi Hartono", "Siti Aminah", "Ahmad Fauzi", "Ratna Dewi", "Hadi Susanto",
    "Yuliana Sembiring", "Suparman", "Nining Kurniasih", "Ismail Marzuki", "Heru Purnomo",
    "Kartini Manurung", "Wahyudi", "Sumiati", "Robert Tampubolon", "Erna Wati",
    "Mulyadi Saputra", "Dian Sastrowardoyo", "Ketut Arsana", "Herlina Siagian", "Yusuf Efendi",
)

# --------------------------------------------------------------------------- teams

TEAM_INBOUND_PAGI = "Inbound Pagi"
TEAM_INBOUND_SIANG = "Inbound Siang"
TEAM_INBOUND_MALAM = "Inbound Malam"
TEAM_CHAT = "Chat & WhatsApp"
TEAM_TELECOLLECTION = "Telecollection"
TEAM_CS_DIGITAL = "CS Digital"
TEAM_HELPDESK = "Helpdesk"

#: Team leader (supervisor) of each team; none of them is an agent in the roster.
TEAM_LEADERS: dict[str, str] = {
    TEAM_INBOUND_PAGI: "Yulia Kusumawardhani",
    TEAM_INBOUND_SIANG: "Hendra Gunawan Siregar",
    TEAM_INBOUND_MALAM: "Taufik Rahman",
    TEAM_CHAT: "Dewi Anggraeni",
    TEAM_TELECOLLECTION: "Benny Sitompul",
    TEAM_CS_DIGITAL: "Ratih Purnamasari",
    TEAM_HELPDESK: "Irfan Hakim Lubis",
}

# --------------------------------------------------------------------------- queues, wrap-up codes

QUEUE_GADAI_EMAS = "Gadai Emas"
QUEUE_TABUNGAN_EMAS = "Tabungan Emas"
QUEUE_PEMBIAYAAN_MIKRO = "Pembiayaan Mikro"
QUEUE_PDS_APP = "PDS App"
QUEUE_PENGADUAN = "Pengaduan"
QUEUE_REMINDER = "Reminder Jatuh Tempo"
QUEUE_COLLECTION = "Collection"
QUEUE_CALLBACK = "Callback"
QUEUE_HELPDESK_OUTLET = "Helpdesk Outlet"

#: Wrap-up codes (CWC) each queue ends with, and how often.
WRAP_UP_CODES: dict[str, tuple[tuple[str, int], ...]] = {
    QUEUE_GADAI_EMAS: (("INFO-GADAI", 38), ("PERPANJANGAN", 26), ("INFO-LELANG", 12),
                       ("PELUNASAN", 14), ("INFO-TAKSIRAN", 8), ("KOMPLAIN-LAYANAN", 2)),
    QUEUE_TABUNGAN_EMAS: (("INFO-TABEMAS", 45), ("BUKA-REKENING", 22), ("BUYBACK-EMAS", 29),
                          ("KOMPLAIN-TRANSAKSI", 4)),
    QUEUE_PEMBIAYAAN_MIKRO: (("INFO-KREASI", 40), ("INFO-AMANAH", 26), ("STATUS-PENGAJUAN", 32),
                             ("KOMPLAIN-LAYANAN", 2)),
    QUEUE_PDS_APP: (("LOGIN-PDS", 50), ("TRANSAKSI-PDS", 42), ("KOMPLAIN-PDS", 8)),
    QUEUE_PENGADUAN: (("KOMPLAIN-LAYANAN", 40), ("KOMPLAIN-TRANSAKSI", 32), ("KOMPLAIN-PDS", 28)),
    QUEUE_REMINDER: (("REMINDER-JT", 55), ("JANJI-BAYAR", 20), ("SUDAH-BAYAR", 15),
                     ("SALAH-SAMBUNG", 10)),
    QUEUE_COLLECTION: (("JANJI-BAYAR", 45), ("SUDAH-BAYAR", 20), ("TOLAK-BAYAR", 15),
                       ("SALAH-SAMBUNG", 20)),
    QUEUE_CALLBACK: (("CALLBACK-TIKET", 1),),
    QUEUE_HELPDESK_OUTLET: (("SISTEM-OUTLET", 45), ("KOREKSI-TRANSAKSI", 30),
                            ("INFO-PROSEDUR", 25)),
}

#: For a demo recording that is not a complaint: the first of these words found at the start
#: of a word in its title or in what the customer says gives the queue and wrap-up code of
#: its interaction.
RECORDING_TOPIC_HINTS: tuple[tuple[str, str, str], ...] = (
    ("perpanjang", QUEUE_GADAI_EMAS, "PERPANJANGAN"),
    ("jatuh tempo", QUEUE_GADAI_EMAS, "PERPANJANGAN"),
    ("lelang", QUEUE_GADAI_EMAS, "INFO-LELANG"),
    ("tebus", QUEUE_GADAI_EMAS, "PELUNASAN"),
    ("tabungan emas", QUEUE_TABUNGAN_EMAS, "INFO-TABEMAS"),
    ("aplikasi", QUEUE_PDS_APP, "LOGIN-PDS"),
    ("gadai", QUEUE_GADAI_EMAS, "INFO-GADAI"),
    ("outlet", QUEUE_GADAI_EMAS, "INFO-GADAI"),
)

#: Wrap-up code of a Tier 1 call leg that was transferred to Tier 2.
WRAP_UP_TRANSFER = "TRANSFER-TIER2"
#: Wrap-up code of an outbound call that reached someone other than the customer.
WRAP_UP_WRONG_PARTY = "SALAH-SAMBUNG"

TOPIC_GADAI = "gadai"
TOPIC_PERPANJANGAN = "perpanjangan"
TOPIC_LELANG = "lelang"
TOPIC_TABUNGAN_EMAS = "tabungan_emas"
TOPIC_MIKRO = "mikro"
TOPIC_PDS = "pds"
TOPIC_KOMPLAIN = "komplain"

#: Conversation topic of each wrap-up code of the inbound written channels (and of complaints).
WRAP_UP_TOPICS: dict[str, str] = {
    "INFO-GADAI": TOPIC_GADAI,
    "PELUNASAN": TOPIC_GADAI,
    "INFO-TAKSIRAN": TOPIC_GADAI,
    "PERPANJANGAN": TOPIC_PERPANJANGAN,
    "INFO-LELANG": TOPIC_LELANG,
    "INFO-TABEMAS": TOPIC_TABUNGAN_EMAS,
    "BUKA-REKENING": TOPIC_TABUNGAN_EMAS,
    "BUYBACK-EMAS": TOPIC_TABUNGAN_EMAS,
    "INFO-KREASI": TOPIC_MIKRO,
    "INFO-AMANAH": TOPIC_MIKRO,
    "STATUS-PENGAJUAN": TOPIC_MIKRO,
    "LOGIN-PDS": TOPIC_PDS,
    "TRANSAKSI-PDS": TOPIC_PDS,
    "KOMPLAIN-LAYANAN": TOPIC_KOMPLAIN,
    "KOMPLAIN-TRANSAKSI": TOPIC_KOMPLAIN,
    "KOMPLAIN-PDS": TOPIC_KOMPLAIN,
}

# --------------------------------------------------------------------------- chat and WhatsApp

#: Time greetings by the hour they start from.
TIME_GREETINGS: tuple[tuple[int, str], ...] = (
    (0, "Selamat pagi"), (11, "Selamat siang"), (15, "Selamat sore"), (18, "Selamat malam"),
)

#: The customer's first message: informal, as customers write.
CHAT_OPENERS: tuple[str, ...] = (
    "min mau tanya",
    "halo min",
    "permisi kak",
    "assalamualaikum min",
    "min tolong dibantu",
    "halo pegadaian",
    "kak mau nanya dong",
)

#: The agent's first reply, formal and polite, per the chat form.
AGENT_GREETINGS: tuple[str, ...] = (
    "{salam} Kak, terima kasih telah menghubungi Pegadaian, dengan {agent} ada yang bisa dibantu?",
    "{salam}, selamat datang di layanan Pegadaian. Saya {agent}, ada yang dapat saya bantu, Kak?",
    "Halo Kak, {salam}. Terima kasih sudah menghubungi Pegadaian, dengan {agent} di sini. "
    "Ada yang bisa kami bantu?",
)

#: First replies that miss the standard (no company name, chat abbreviations): what QCOs catch.
SLOPPY_AGENT_GREETINGS: tuple[str, ...] = (
    "halo kak, ada yg bisa dibantu?",
    "iya kak, gmn?",
)

Message = tuple[str, str]  # (sender "customer" | "agent", text template)

#: The middle of a conversation, per topic: a few variants each.
CHAT_BODIES: dict[str, tuple[tuple[Message, ...], ...]] = {
    TOPIC_GADAI: (
        (("customer", "gimana caranya gadai emas? syaratnya apa aja"),
         ("agent", "Baik Kak, untuk gadai emas cukup membawa KTP asli dan perhiasan atau logam "
                   "mulia yang akan digadaikan ke outlet Pegadaian terdekat."),
         ("customer", "kalau cincin 5 gram kira2 dapet berapa min?"),
         ("agent", "Nilai taksiran tergantung kadar, berat, dan harga standar emas hari itu, Kak. "
                   "Kakak dapat mencoba menu Simulasi Gadai di aplikasi Pegadaian Digital.")),
        (("customer", "pelunasan gadai bisa lewat app ga?"),
         ("agent", "Bisa, Kak. Pelunasan dapat dilakukan melalui aplikasi Pegadaian Digital, "
                   "mobile banking, atau outlet. Boleh dibantu nomor SBG-nya untuk kami cek?"),
         ("customer", "{sbg}"),
         ("agent", "Terima kasih, Kak. Mohon ditunggu sebentar, kami cek terlebih dahulu."),
         ("agent", "Terima kasih telah menunggu, Kak. SBG tersebut dapat dilunasi melalui menu "
                   "Bayar Gadai di aplikasi, dan barang jaminan dapat diambil di outlet.")),
    ),
    TOPIC_PERPANJANGAN: (
        (("customer", "gimana caranya perpanjang gadai? udah mau jatuh tempo"),
         ("agent", "Perpanjangan gadai dapat dilakukan dengan membayar sewa modal melalui aplikasi "
                   "Pegadaian Digital, agen, atau outlet, Kak."),
         ("customer", "harus bawa barangnya ga min"),
         ("agent", "Tidak perlu, Kak. Cukup menyebutkan nomor SBG saat pembayaran.")),
        (("customer", "min sbg saya {sbg} jatuh tempo kapan ya"),
         ("agent", "Mohon izin kami cek terlebih dahulu ya, Kak."),
         ("agent", "Terima kasih telah menunggu, Kak. SBG tersebut jatuh tempo akhir bulan ini. "
                   "Silakan diperpanjang sebelum tanggal tersebut agar barang jaminan tidak "
                   "masuk proses lelang."),
         ("customer", "siap makasih infonya")),
    ),
    TOPIC_LELANG: (
        (("customer", "barang saya udah lewat jatuh tempo, apa langsung dilelang min?"),
         ("agent", "Barang jaminan yang melewati jatuh tempo dan masa tenggang akan diproses "
                   "lelang, Kak. Sebelum lelang, Kakak masih dapat menebus atau memperpanjang."),
         ("customer", "kalau udah kelelang uang kelebihannya gimana"),
         ("agent", "Uang kelebihan hasil lelang dapat diambil di outlet tempat menggadaikan "
                   "dengan membawa KTP dan SBG asli, Kak.")),
        (("customer", "min jadwal lelang di outlet deket rumah saya kapan ya"),
         ("agent", "Baik Kak, boleh diinformasikan nama outlet atau kotanya?"),
         ("customer", "cabang bekasi timur"),
         ("agent", "Jadwal lelang dapat dilihat di situs lelang Pegadaian atau papan pengumuman "
                   "outlet, Kak. Kakak juga dapat menghubungi outlet tersebut langsung.")),
    ),
    TOPIC_TABUNGAN_EMAS: (
        (("customer", "min mau buka tabungan emas minimal berapa ya"),
         ("agent", "Pembukaan Tabungan Emas dapat dilakukan di aplikasi Pegadaian Digital dengan "
                   "saldo awal mulai 0,01 gram, Kak."),
         ("customer", "bisa dicetak jadi emas fisik ga"),
         ("agent", "Bisa, Kak. Saldo dapat dicetak menjadi emas batangan mulai 1 gram dengan biaya "
                   "cetak sesuai ketentuan.")),
        (("customer", "saya mau jual saldo tabungan emas, uangnya masuk ke mana?"),
         ("agent", "Penjualan kembali (buyback) saldo Tabungan Emas dapat dilakukan di aplikasi, "
                   "Kak, dan dananya ditransfer ke rekening bank yang terdaftar."),
         ("customer", "berapa lama masuknya"),
         ("agent", "Dana diterima paling lambat 1 x 24 jam pada hari kerja, Kak."),
         ("customer", "ok min")),
    ),
    TOPIC_MIKRO: (
        (("customer", "mau tanya kredit usaha kreasi syaratnya apa"),
         ("agent", "Untuk pembiayaan Kreasi diperlukan KTP, KK, surat keterangan usaha, dan "
                   "jaminan BPKB kendaraan, Kak. Pengajuan dapat dilakukan di outlet terdekat."),
         ("customer", "bunganya berapa min"),
         ("agent", "Besaran sewa modal menyesuaikan plafon dan tenor pembiayaan, Kak. Petugas "
                   "outlet akan menjelaskan rinciannya saat pengajuan.")),
        (("customer", "pengajuan amanah saya udah seminggu belum ada kabar"),
         ("agent", "Mohon maaf atas ketidaknyamanannya, Kak. Boleh dibantu nomor handphone yang "
                   "didaftarkan saat pengajuan?"),
         ("customer", "{hp}"),
         ("agent", "Terima kasih, Kak. Pengajuan Kakak masih dalam proses survei oleh petugas "
                   "outlet dan akan dihubungi paling lambat 3 hari kerja.")),
    ),
    TOPIC_PDS: (
        (("customer", "min aplikasi pds saya gabisa login terus"),
         ("agent", "Mohon maaf atas kendalanya, Kak. Boleh diinformasikan pesan yang muncul saat "
                   "login?"),
         ("customer", "katanya akun terkunci"),
         ("agent", "Baik Kak, silakan pilih menu Lupa Kata Sandi di halaman login, lalu ikuti "
                   "langkah verifikasi melalui email atau nomor handphone yang terdaftar."),
         ("customer", "oke udah bisa min")),
        (("customer", "topup tabungan emas di app gagal tapi saldo rekening udah kepotong"),
         ("agent", "Mohon maaf atas ketidaknyamanannya, Kak. Boleh dibantu tanggal transaksi dan "
                   "nominalnya?"),
         ("customer", "tadi pagi 500 ribu"),
         ("agent", "Baik Kak, dana akan dikembalikan otomatis maksimal 3 hari kerja. Mohon tidak "
                   "memberikan kode OTP kepada siapa pun yang mengatasnamakan Pegadaian ya, Kak.")),
    ),
    TOPIC_KOMPLAIN: (
        (("customer", "saya kecewa min, udah 3 kali telpon tapi masalah saldo belum beres"),
         ("agent", "Mohon maaf atas ketidaknyamanan yang Kakak alami. Boleh dijelaskan kendalanya "
                   "sejak kapan, Kak?"),
         ("customer", "dari minggu lalu saldo tabungan emas saya berkurang padahal ga transaksi"),
         ("agent", "Baik Kak, keluhan Kakak sudah kami teruskan ke unit terkait dengan nomor tiket "
                   "{tiket}. Estimasi penyelesaian 5 hari kerja."),
         ("customer", "tolong dipercepat ya")),
        (("customer", "antrian di outlet lama banget, petugasnya juga jutek"),
         ("agent", "Mohon maaf atas pengalaman yang kurang menyenangkan, Kak. Boleh diinformasikan "
                   "nama outlet dan waktu kunjungannya?"),
         ("customer", "outlet depok kemarin siang"),
         ("agent", "Terima kasih atas informasinya, Kak. Laporan Kakak sudah kami catat dengan "
                   "nomor tiket {tiket} dan akan ditindaklanjuti dalam 3 hari kerja.")),
        (("customer", "udah bayar angsuran lewat app tapi status masih belum lunas"),
         ("agent", "Mohon maaf atas kendalanya, Kak. Boleh dibantu nomor SBG-nya?"),
         ("customer", "{sbg}"),
         ("agent", "Terima kasih, Kak. Mohon ditunggu, kami cek terlebih dahulu."),
         ("agent", "Terima kasih telah menunggu. Pembayaran Kakak sudah kami laporkan dengan nomor "
                   "tiket {tiket} untuk pengecekan, estimasi 2 hari kerja ya, Kak.")),
    ),
}

#: How a conversation ends; the empty one is a customer who just leaves.
CHAT_CLOSINGS: tuple[tuple[Message, ...], ...] = (
    (("agent", "Apakah ada hal lain yang dapat kami bantu kembali, Kak?"),
     ("customer", "udah cukup min makasih"),
     ("agent", "Terima kasih telah menghubungi Pegadaian, Kak. Mengatasi masalah tanpa masalah.")),
    (("customer", "oke makasih min"),
     ("agent", "Sama-sama, Kak. Terima kasih telah menghubungi Pegadaian.")),
    (),
)

# --------------------------------------------------------------------------- e-mail

#: The customer's e-mail, per topic.
EMAIL_QUESTIONS: dict[str, str] = {
    TOPIC_GADAI: "Selamat siang, saya ingin menanyakan syarat gadai emas dan apakah pelunasan "
                 "dapat dilakukan secara online. Terima kasih.\n\n{nasabah}",
    TOPIC_PERPANJANGAN: "Dengan hormat, gadai saya dengan nomor SBG {sbg} akan jatuh tempo. "
                        "Mohon informasi cara perpanjangannya.\n\nHormat saya,\n{nasabah}",
    TOPIC_LELANG: "Selamat pagi, barang jaminan saya sudah lewat jatuh tempo. Apakah masih bisa "
                  "ditebus sebelum dilelang?\n\n{nasabah}",
    TOPIC_TABUNGAN_EMAS: "Halo Pegadaian, bagaimana cara mencetak saldo Tabungan Emas menjadi "
                         "emas batangan? Terima kasih.\n\n{nasabah}",
    TOPIC_MIKRO: "Selamat siang, pengajuan pembiayaan saya belum ada kabar. Nomor HP saya {hp}. "
                 "Mohon dibantu.\n\n{nasabah}",
    TOPIC_PDS: "Saya tidak bisa masuk ke aplikasi Pegadaian Digital sejak kemarin, muncul pesan "
               "akun terkunci. Mohon bantuannya.\n\n{nasabah}",
    TOPIC_KOMPLAIN: "Saya sangat kecewa. Saldo Tabungan Emas saya berkurang tanpa transaksi dan "
                    "sampai sekarang belum ada penjelasan. Mohon segera ditindaklanjuti."
                    "\n\n{nasabah}",
}

#: The agent's answer, per topic; wrapped in the reply opening and closing below.
EMAIL_ANSWERS: dict[str, str] = {
    TOPIC_GADAI: "Gadai emas cukup dengan membawa KTP asli dan barang jaminan ke outlet terdekat. "
                 "Pelunasan dapat dilakukan melalui aplikasi Pegadaian Digital atau mobile "
                 "banking.",
    TOPIC_PERPANJANGAN: "Perpanjangan dapat dilakukan dengan membayar sewa modal melalui aplikasi "
                        "Pegadaian Digital, agen, atau outlet dengan menyebutkan nomor SBG.",
    TOPIC_LELANG: "Barang jaminan masih dapat ditebus atau diperpanjang di outlet selama belum "
                  "dilaksanakan lelang.",
    TOPIC_TABUNGAN_EMAS: "Saldo Tabungan Emas dapat dicetak mulai 1 gram melalui menu Cetak Emas "
                         "di aplikasi, lalu diambil di outlet yang Bapak/Ibu pilih.",
    TOPIC_MIKRO: "Pengajuan Bapak/Ibu masih dalam proses survei dan petugas outlet akan "
                 "menghubungi paling lambat 3 hari kerja.",
    TOPIC_PDS: "Silakan pilih menu Lupa Kata Sandi di halaman login dan ikuti langkah verifikasi. "
               "Mohon tidak memberikan kode OTP kepada siapa pun.",
    TOPIC_KOMPLAIN: "Mohon maaf atas ketidaknyamanannya. Keluhan Bapak/Ibu telah kami catat dengan "
                    "nomor tiket {tiket} dan akan diselesaikan dalam 5 hari kerja.",
}

EMAIL_REPLY_OPENING = "Yth. Bapak/Ibu {nasabah},\n\nTerima kasih telah menghubungi Pegadaian. "
EMAIL_REPLY_CLOSING = (
    "\n\nApabila ada hal lain yang dapat kami bantu, silakan membalas email ini.\n\n"
    "Salam hangat,\n{agent_lengkap}\nPegadaian Contact Center"
)

# --------------------------------------------------------------------------- CSI survey

#: Comments customers leave with a score, by score.
CSI_COMMENTS: dict[int, tuple[str, ...]] = {
    5: ("pelayanan ramah", "cepat dan jelas, terima kasih", "masalah langsung selesai",
        "petugasnya sabar sekali", "sangat membantu"),
    4: ("cukup membantu", "penjelasannya jelas", "oke, terima kasih"),
    3: ("lumayan, tapi agak lama", "jawabannya kurang jelas", "biasa saja"),
    2: ("terlalu lama menunggu", "disuruh ke outlet terus", "masalah belum selesai"),
    1: ("kecewa, masalah tidak selesai", "sudah berkali-kali telepon tidak ada solusi",
        "petugas kurang ramah"),
}
