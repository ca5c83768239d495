"""Places and nationalities of the Arab world and its neighbours, in Arabic and English.

Used to tell a place line («غزة - رام الله») from a byline, and to check that a summary names the
same countries, cities and nationalities as its article. Arabic entries are normalised with
:func:`summarize.text.normalise.normalise_arabic`.
"""

from __future__ import annotations

import functools

from summarize.text.normalise import normalise_arabic

# (Arabic name, English name, Arabic nationality stem, English nationality)
COUNTRIES = [
    ("مصر", "Egypt", "مصري", "Egyptian"), ("السعودية", "Saudi Arabia", "سعودي", "Saudi"),
    ("الإمارات", "United Arab Emirates", "إماراتي", "Emirati"), ("قطر", "Qatar", "قطري", "Qatari"),
    ("الكويت", "Kuwait", "كويتي", "Kuwaiti"), ("البحرين", "Bahrain", "بحريني", "Bahraini"),
    ("عمان", "Oman", "عماني", "Omani"), ("اليمن", "Yemen", "يمني", "Yemeni"), ("العراق", "Iraq", "عراقي", "Iraqi"),
    ("سوريا", "Syria", "سوري", "Syrian"), ("لبنان", "Lebanon", "لبناني", "Lebanese"),
    ("الأردن", "Jordan", "أردني", "Jordanian"), ("فلسطين", "Palestine", "فلسطيني", "Palestinian"),
    ("إسرائيل", "Israel", "إسرائيلي", "Israeli"), ("ليبيا", "Libya", "ليبي", "Libyan"),
    ("تونس", "Tunisia", "تونسي", "Tunisian"), ("الجزائر", "Algeria", "جزائري", "Algerian"),
    ("المغرب", "Morocco", "مغربي", "Moroccan"), ("موريتانيا", "Mauritania", "موريتاني", "Mauritanian"),
    ("السودان", "Sudan", "سوداني", "Sudanese"), ("الصومال", "Somalia", "صومالي", "Somali"),
    ("جيبوتي", "Djibouti", "جيبوتي", "Djiboutian"), ("إيران", "Iran", "إيراني", "Iranian"),
    ("تركيا", "Turkey", "تركي", "Turkish"), ("أمريكا", "America", "أمريكي", "American"),
    ("الولايات المتحدة", "United States", "أمريكي", "American"), ("بريطانيا", "Britain", "بريطاني", "British"),
    ("فرنسا", "France", "فرنسي", "French"), ("ألمانيا", "Germany", "ألماني", "German"),
    ("إيطاليا", "Italy", "إيطالي", "Italian"), ("إسبانيا", "Spain", "إسباني", "Spanish"),
    ("روسيا", "Russia", "روسي", "Russian"), ("الصين", "China", "صيني", "Chinese"),
    ("اليابان", "Japan", "ياباني", "Japanese"), ("الهند", "India", "هندي", "Indian"),
    ("باكستان", "Pakistan", "باكستاني", "Pakistani"), ("أفغانستان", "Afghanistan", "أفغاني", "Afghan"),
    ("إثيوبيا", "Ethiopia", "إثيوبي", "Ethiopian"), ("إريتريا", "Eritrea", "إريتري", "Eritrean"),
    ("تشاد", "Chad", "تشادي", "Chadian"), ("النيجر", "Niger", "نيجري", "Nigerien"),
    ("نيجيريا", "Nigeria", "نيجيري", "Nigerian"), ("مالي", "Mali", "مالي", "Malian"),
    ("أوكرانيا", "Ukraine", "أوكراني", "Ukrainian"), ("اليونان", "Greece", "يوناني", "Greek"),
    ("قبرص", "Cyprus", "قبرصي", "Cypriot"), ("كندا", "Canada", "كندي", "Canadian"),
    ("البرازيل", "Brazil", "برازيلي", "Brazilian"), ("البرتغال", "Portugal", "برتغالي", "Portuguese"),
    ("هولندا", "Netherlands", "هولندي", "Dutch"), ("بلجيكا", "Belgium", "بلجيكي", "Belgian"),
    ("السويد", "Sweden", "سويدي", "Swedish"), ("النرويج", "Norway", "نرويجي", "Norwegian"),
    ("فنلندا", "Finland", "فنلندي", "Finnish"), ("الدنمارك", "Denmark", "دنماركي", "Danish"),
    ("سويسرا", "Switzerland", "سويسري", "Swiss"), ("النمسا", "Austria", "نمساوي", "Austrian"),
    ("بولندا", "Poland", "بولندي", "Polish"), ("كوريا", "Korea", "كوري", "Korean"),
    ("إندونيسيا", "Indonesia", "إندونيسي", "Indonesian"), ("ماليزيا", "Malaysia", "ماليزي", "Malaysian"),
    ("بنغلاديش", "Bangladesh", "بنغلاديشي", "Bangladeshi"), ("أستراليا", "Australia", "أسترالي", "Australian"),
    ("الأرجنتين", "Argentina", "أرجنتيني", "Argentine"), ("المكسيك", "Mexico", "مكسيكي", "Mexican"),
    ("كينيا", "Kenya", "كيني", "Kenyan"), ("جنوب أفريقيا", "South Africa", "جنوب أفريقي", "South African"),
    ("السنغال", "Senegal", "سنغالي", "Senegalese"), ("الكاميرون", "Cameroon", "كاميروني", "Cameroonian"),
    ("أذربيجان", "Azerbaijan", "أذربيجاني", "Azerbaijani"), ("أرمينيا", "Armenia", "أرميني", "Armenian"),
    ("جورجيا", "Georgia", "جورجي", "Georgian"), ("كازاخستان", "Kazakhstan", "كازاخي", "Kazakh"),
]
CITIES = """القاهرة الإسكندرية الجيزة أسوان الأقصر بورسعيد السويس الإسماعيلية المنصورة طنطا الرياض جدة مكة المدينة
الدمام الطائف تبوك أبها الخبر دبي أبوظبي أبو ظبي الشارقة عجمان العين الفجيرة رأس الخيمة الدوحة الكويت المنامة مسقط
صلالة صنعاء عدن تعز الحديدة مأرب حضرموت المكلا بغداد البصرة الموصل أربيل النجف كربلاء كركوك السليمانية الأنبار
الفلوجة دمشق حلب حمص حماة اللاذقية طرطوس درعا إدلب الرقة دير الزور بيروت طرابلس صيدا صور جبيل زحلة بعلبك عمان
عمّان الزرقاء إربد العقبة الكرك معان القدس غزة رام الله نابلس الخليل جنين بيت لحم طولكرم أريحا سلفيت قلقيلية رفح
خان يونس تل أبيب حيفا يافا بنغازي مصراتة سبها تونس صفاقس سوسة القيروان بنزرت الجزائر وهران قسنطينة عنابة
الرباط الدار البيضاء مراكش فاس طنجة أكادير مكناس وجدة نواكشوط الخرطوم أم درمان بورتسودان الفاشر نيالا مقديشو
طهران إسطنبول أنقرة واشنطن نيويورك لندن باريس برلين روما مدريد موسكو بكين طوكيو جنيف بروكسل فيينا""".split()
CITIES += ["أبو ظبي", "رأس الخيمة", "دير الزور", "رام الله", "بيت لحم", "خان يونس", "تل أبيب", "الدار البيضاء",
           "أم درمان", "شرم الشيخ", "الغردقة", "نيويورك"]
# Provinces, governorates, regions and large towns, by country (their usual Arabic names).
PROVINCES = """
العراق: بغداد البصرة نينوى الموصل أربيل دهوك السليمانية كركوك ديالى الأنبار صلاح الدين واسط بابل كربلاء النجف القادسية الديوانية المثنى السماوة ذي قار الناصرية ميسان العمارة حلبجة الكوت الحلة الرمادي تكريت بعقوبة الفلوجة سامراء الزبير أبي الخصيب
مصر: الجيزة القليوبية الشرقية الدقهلية الغربية المنوفية البحيرة كفر الشيخ دمياط بورسعيد الإسماعيلية السويس الفيوم بني سويف المنيا أسيوط سوهاج قنا الأقصر أسوان البحر الأحمر مطروح الوادي الجديد شمال سيناء جنوب سيناء العريش حلوان المحلة الزقازيق المنصورة طنطا دمنهور
السعودية: الرياض مكة المكرمة المدينة المنورة القصيم الشرقية عسير تبوك حائل الحدود الشمالية جازان نجران الباحة الجوف بريدة الدمام الخبر الظهران الأحساء القطيف ينبع الطائف أبها خميس مشيط نيوم
الأردن: عمان إربد الزرقاء المفرق عجلون جرش البلقاء السلط مادبا الكرك الطفيلة معان العقبة الرمثا
سوريا: دمشق ريف دمشق حلب حمص حماة اللاذقية طرطوس إدلب الرقة دير الزور الحسكة القامشلي درعا السويداء القنيطرة منبج عفرين
لبنان: بيروت طرابلس صيدا صور جبيل زحلة بعلبك الهرمل النبطية عكار البقاع جونيه الشوف المتن كسروان
فلسطين: القدس غزة رام الله البيرة نابلس الخليل جنين بيت لحم طولكرم أريحا سلفيت قلقيلية طوباس رفح خان يونس دير البلح جباليا
اليمن: صنعاء عدن تعز الحديدة مأرب حضرموت المكلا إب ذمار صعدة حجة لحج أبين شبوة المهرة سقطرى البيضاء الضالع عمران الجوف
الخليج: دبي أبوظبي الشارقة عجمان الفجيرة رأس الخيمة أم القيوين العين الدوحة الوكرة الريان المنامة المحرق مسقط صلالة صحار نزوى صور الدقم ظفار البريمي الجهراء الأحمدي حولي الفروانية
المغرب العربي: الرباط الدار البيضاء مراكش فاس طنجة أكادير مكناس وجدة تطوان العيون الحسيمة الناظور الجزائر وهران قسنطينة عنابة سطيف باتنة تلمسان بجاية ورقلة تمنراست تونس صفاقس سوسة القيروان بنزرت قابس قفصة المنستير نابل المهدية مدنين توزر جربة طرابلس بنغازي مصراتة سبها الزاوية درنة سرت طبرق الكفرة نواكشوط نواذيبو
السودان: الخرطوم أم درمان بحري بورتسودان كسلا القضارف الفاشر نيالا الجنينة الأبيض كوستي ود مدني الجزيرة سنار دنقلا عطبرة بربر الدمازين كادقلي
""".strip()
CITIES += [name for line in PROVINCES.splitlines() for name in line.split(":", 1)[1].split()]
CITIES += ["صلاح الدين", "ذي قار", "كفر الشيخ", "بني سويف", "البحر الأحمر", "الوادي الجديد", "شمال سيناء", "جنوب سيناء",
           "مكة المكرمة", "المدينة المنورة", "الحدود الشمالية", "خميس مشيط", "ريف دمشق", "دير الزور", "رأس الخيمة",
           "أم القيوين", "ود مدني", "أبي الخصيب"]
REGIONS_AR = ["الخليج", "الشرق الأوسط", "أفريقيا", "إفريقيا", "أوروبا", "آسيا", "الساحل", "المغرب العربي", "الشام",
              "سيناء", "دارفور", "كردستان", "الضفة الغربية", "قطاع غزة", "الجولان"]


@functools.cache
def arabic_places() -> frozenset[str]:
    """Countries, cities and regions in Arabic, normalised, with and without the article."""
    names = [c[0] for c in COUNTRIES] + CITIES + REGIONS_AR
    out = set()
    for name in names:
        key = normalise_arabic(name)
        out.add(key)
        out.add(key[2:] if key.startswith("ال") else "ال" + key)
    return frozenset(out)


@functools.cache
def arabic_place_names() -> frozenset[str]:
    """Single- and multi-word place names, normalised, without the article (for matching in text)."""
    out = set()
    for name in CITIES + REGIONS_AR + [c[0] for c in COUNTRIES]:
        if name in COMMON_WORDS:
            continue
        key = normalise_arabic(name)
        out.add(key[2:] if key.startswith("ال") and len(key) > 4 else key)
    return frozenset(out)


@functools.cache
def arabic_place_pattern():
    """One pattern for every place name, with the clitics and article that may be attached."""
    import re

    names = sorted(arabic_place_names(), key=len, reverse=True)
    return re.compile(r"(?<![\u0621-\u064a])(?:[وبلف]|ال|بال|وال|لل|وبال|فال)?(" + "|".join(map(re.escape, names))
                      + r")(?![\u0621-\u064a])")


# Place names that are also common words ("صور" pictures, "العين" the eye, "الجزيرة" the island):
# not used to check names, where a false match would raise a false alarm.
COMMON_WORDS = {"صور", "العين", "الجزيرة", "بحري", "الشرقية", "البيضاء", "المتن", "الشوف", "الحلة", "الكوت", "إب",
                "عمران", "الجوف", "حولي", "الريان", "سرت", "الأحمر", "الخليج", "الساحل", "مالي", "بريدة", "الظهران",
                "الزاوية", "الأبيض", "المدينة", "البحر الأحمر", "الوادي الجديد", "الحدود الشمالية", "نيوم", "جازان",
                "الباحة", "معان", "البلقاء", "عكار", "بعلبك", "الهرمل", "جباليا", "أبين", "شبوة", "البريمي", "ظفار",
                "الجهراء", "الأحمدي", "سوسة", "نابل", "قابس", "درنة", "الكفرة", "كسلا", "الدمازين", "بحري"} - {
                    "جازان", "الباحة", "معان", "البلقاء", "عكار", "بعلبك", "الهرمل", "جباليا", "أبين", "شبوة",
                    "البريمي", "ظفار", "الجهراء", "الأحمدي", "سوسة", "نابل", "قابس", "درنة", "الكفرة", "كسلا",
                    "الدمازين", "نيوم"}


@functools.cache
def arabic_nationalities() -> dict[str, str]:
    """Normalised Arabic nationality stem (مصري) → country key, for nisba adjectives in any form."""
    ambiguous = {"مالي"}  # also "financial"
    return {normalise_arabic(c[2]): c[1] for c in COUNTRIES if c[2] not in ambiguous}


@functools.cache
def arabic_countries() -> dict[str, str]:
    return {normalise_arabic(c[0]): c[1] for c in COUNTRIES}


@functools.cache
def english_places() -> dict[str, str]:
    """English country names and nationality adjectives → country."""
    out = {}
    for _, country, _, nationality in COUNTRIES:
        out[country.lower()] = country
        out[nationality.lower()] = country
    out.update({"us": "United States", "u.s.": "United States", "usa": "United States", "uk": "Britain",
                "u.k.": "Britain", "uae": "United Arab Emirates", "emirates": "United Arab Emirates",
                "emirati": "United Arab Emirates", "british": "Britain", "english": "Britain",
                "america": "United States", "american": "United States", "americans": "United States"})
    return out
