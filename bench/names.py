"""Indonesian names for the synthetic database, weighted as they occur at a sending district's desk.

Women are about two thirds of CPMI (domestic work and care). Given names follow a steep curve:
Siti, Sri, Nur and Muhammad alone are a large share, and many names share a prefix (Su-, Nur-,
Sri-, Wa-, Yu-), which is what makes search-as-you-type hard. Javanese applicants often carry one
name only; others carry two or three, the later ones drawn from common second names.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

# Most frequent first; the weights below fall off with rank (a Zipf-like curve).
WOMEN = (
    "Siti",
    "Sri",
    "Nur",
    "Dewi",
    "Sumiyati",
    "Tri",
    "Dwi",
    "Eka",
    "Yuli",
    "Rina",
    "Nurhayati",
    "Suminah",
    "Sumarni",
    "Sunarti",
    "Suparmi",
    "Supriyati",
    "Sulastri",
    "Sutini",
    "Suwarni",
    "Susanti",
    "Sumiati",
    "Suryani",
    "Siti Nur",
    "Nuraini",
    "Nurhasanah",
    "Nurlela",
    "Nurul",
    "Nining",
    "Ani",
    "Anik",
    "Ana",
    "Ayu",
    "Indah",
    "Intan",
    "Lestari",
    "Puji",
    "Umi",
    "Rohmah",
    "Kartini",
    "Wati",
    "Wartini",
    "Warsini",
    "Winarti",
    "Wahyuni",
    "Endang",
    "Tutik",
    "Tuti",
    "Lilis",
    "Lina",
    "Lisa",
    "Mega",
    "Maya",
    "Novi",
    "Novita",
    "Eni",
    "Erna",
    "Ernawati",
    "Evi",
    "Heni",
    "Herlina",
    "Iis",
    "Ika",
    "Imas",
    "Isah",
    "Juju",
    "Kokom",
    "Kurniasih",
    "Lia",
    "Mariam",
    "Marlina",
    "Muslimah",
    "Mutmainah",
    "Neneng",
    "Nia",
    "Nina",
    "Nita",
    "Rohani",
    "Rokayah",
    "Rukmini",
    "Sarah",
    "Sari",
    "Sinta",
    "Titin",
    "Tini",
    "Uswatun",
    "Wulan",
    "Yanti",
    "Yati",
    "Yeni",
    "Zubaidah",
    "Aminah",
    "Aisyah",
    "Fatimah",
    "Khotimah",
    "Halimah",
    "Jubaedah",
    "Ratna",
    "Ratih",
    "Fitri",
    "Fitriani",
    "Yuliana",
    "Yulianti",
    "Rini",
    "Desi",
    "Dian",
    "Ermawati",
    "Ismawati",
    "Kusmiati",
    "Musrifah",
    "Nur'aini",
    "Sa'diyah",
    "Ma'rifah",
)
MEN = (
    "Muhammad",
    "Ahmad",
    "Agus",
    "Budi",
    "Slamet",
    "Joko",
    "Eko",
    "Teguh",
    "Wahyu",
    "Rudi",
    "Imam",
    "Bambang",
    "Hendra",
    "Dwi",
    "Sugeng",
    "Yusuf",
    "Arif",
    "Andi",
    "Ari",
    "Asep",
    "Dedi",
    "Deni",
    "Dian",
    "Edi",
    "Fajar",
    "Hadi",
    "Hari",
    "Heri",
    "Iwan",
    "Jaka",
    "Kurniawan",
    "Lukman",
    "Maman",
    "Mulyadi",
    "Nanang",
    "Purnomo",
    "Rahmat",
    "Rizki",
    "Riski",
    "Sahrul",
    "Saiful",
    "Sutrisno",
    "Supriyadi",
    "Suparman",
    "Sukirman",
    "Sumarno",
    "Sunarto",
    "Taufik",
    "Untung",
    "Wawan",
    "Yanto",
    "Yudi",
    "Zainal",
    "Abdul",
    "Ilham",
    "Irfan",
    "Dani",
    "Doni",
    "Fauzi",
    "Moh",
    "Mohammad",
    "Muh",
    "Nur",
    "Tri",
    "Eka",
    "Sri",
    "Ma'ruf",
    "Mu'min",
)
#: Second and third names; women's and men's differ (Wahyuni / Wahyudi), a few are shared.
SECOND_WOMEN = (
    "Rahayu",
    "Lestari",
    "Wahyuni",
    "Susanti",
    "Handayani",
    "Wulandari",
    "Maryati",
    "Suryani",
    "Saputri",
    "Permata",
    "Sari",
    "Utami",
    "Pratiwi",
    "Astuti",
    "Purwanti",
    "Rahmawati",
    "Hidayah",
    "Khasanah",
    "Aulia",
    "Amelia",
    "Anggraini",
    "Safitri",
    "Ramadhani",
    "Nurhaliza",
    "Nurjanah",
    "Nurhidayah",
    "Aminah",
    "Fauziah",
    "Rohmawati",
    "Kusuma",
    "Yuliani",
    "Yuniarti",
    "Mulyani",
    "Sumarni",
    "Ningsih",
    "Wati",
    "Sulistyowati",
    "Indrawati",
    "Kartika",
    "Puspita",
    "Anjani",
    "Febriani",
    "Nuraini",
    "Fitriani",
    "Kurniasih",
    "Hasanah",
    "Solikhah",
    "Nur",
)
SECOND_MEN = (
    "Hidayat",
    "Santoso",
    "Prasetyo",
    "Kurniawan",
    "Setiawan",
    "Saputra",
    "Nugroho",
    "Ramadhan",
    "Firmansyah",
    "Hidayatullah",
    "Syahputra",
    "Maulana",
    "Kusuma",
    "Wijaya",
    "Hartono",
    "Suharto",
    "Sugiarto",
    "Susilo",
    "Riyadi",
    "Salim",
    "Hasan",
    "Husein",
    "Abdullah",
    "Rahman",
    "Rohman",
    "Zulkarnain",
    "Triyanto",
    "Widodo",
    "Wibowo",
    "Purnama",
    "Wahyudi",
    "Supriyanto",
    "Sutrisno",
    "Nur",
    "Rizki",
    "Fauzan",
    "Arifin",
    "Efendi",
    "Gunawan",
    "Hermawan",
    "Iskandar",
)


def _zipf_weights(names: Sequence[str], exponent: float, boost: dict[str, float]) -> list[float]:
    return [boost.get(name, 1.0) / (rank + 1) ** exponent for rank, name in enumerate(names)]


WOMEN_WEIGHTS = _zipf_weights(WOMEN, 0.85, {"Siti": 1.1, "Sri": 1.3, "Nur": 1.2})
MEN_WEIGHTS = _zipf_weights(MEN, 0.85, {"Muhammad": 1.4, "Ahmad": 1.3})
SECOND_WOMEN_WEIGHTS = _zipf_weights(SECOND_WOMEN, 0.6, {})
SECOND_MEN_WEIGHTS = _zipf_weights(SECOND_MEN, 0.6, {})


NEVER_ALONE = frozenset(("Muhammad", "Moh", "Muh", "Mohammad", "Siti Nur"))


class NameMaker:
    """Full names drawn in bulk: ``names(rng, sexes)`` gives one name per sex code."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _given(self, sex: str, count: int) -> list[str]:
        pool, weights = (WOMEN, WOMEN_WEIGHTS) if sex == "P" else (MEN, MEN_WEIGHTS)
        return self.rng.choices(pool, weights, k=count)

    def names(self, sexes: Sequence[str]) -> list[str]:
        rng = self.rng
        count = len(sexes)
        women = iter(self._given("P", sum(1 for s in sexes if s == "P")))
        men = iter(self._given("L", count - sum(1 for s in sexes if s == "P")))
        given = [next(women) if s == "P" else next(men) for s in sexes]
        second_women = rng.choices(SECOND_WOMEN, SECOND_WOMEN_WEIGHTS, k=2 * count)
        second_men = rng.choices(SECOND_MEN, SECOND_MEN_WEIGHTS, k=2 * count)
        shapes = rng.choices((1, 2, 3), (0.3, 0.52, 0.18), k=count)
        out = []
        for i, (sex, first, words) in enumerate(zip(sexes, given, shapes, strict=True)):
            seconds = second_women if sex == "P" else second_men
            # "Muhammad" alone is not a name on a KTP; it always has a second word.
            if words == 1 and first not in NEVER_ALONE:
                out.append(first)
            elif words == 3:
                out.append(f"{first} {seconds[2 * i]} {seconds[2 * i + 1]}")
            else:
                out.append(f"{first} {seconds[2 * i]}")
        return out
