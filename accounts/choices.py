"""Choices of the worker profile that come from national standards.

* `Ethnicity` (民族): the 56 ethnic groups, in the order of GB/T 3304; the values are
  readable slugs, the labels translated (zh-hans: 汉族, 蒙古族 …).
* `Education` (文化程度): the levels used on union and personnel forms.

`ETHNICITY_WORDS` and `EDUCATION_WORDS` map what people write in their own spreadsheets
(汉族 or 汉, 大专 …) to the values.
"""

from django.db import models
from django.utils.translation import pgettext_lazy


class Ethnicity(models.TextChoices):
    HAN = "han", pgettext_lazy("ethnic group", "Han")
    MONGOL = "mongol", pgettext_lazy("ethnic group", "Mongol")
    HUI = "hui", pgettext_lazy("ethnic group", "Hui")
    TIBETAN = "tibetan", pgettext_lazy("ethnic group", "Tibetan")
    UYGHUR = "uyghur", pgettext_lazy("ethnic group", "Uyghur")
    MIAO = "miao", pgettext_lazy("ethnic group", "Miao")
    YI = "yi", pgettext_lazy("ethnic group", "Yi")
    ZHUANG = "zhuang", pgettext_lazy("ethnic group", "Zhuang")
    BOUYEI = "bouyei", pgettext_lazy("ethnic group", "Bouyei")
    KOREAN = "korean", pgettext_lazy("ethnic group", "Korean")
    MANCHU = "manchu", pgettext_lazy("ethnic group", "Manchu")
    DONG = "dong", pgettext_lazy("ethnic group", "Dong")
    YAO = "yao", pgettext_lazy("ethnic group", "Yao")
    BAI = "bai", pgettext_lazy("ethnic group", "Bai")
    TUJIA = "tujia", pgettext_lazy("ethnic group", "Tujia")
    HANI = "hani", pgettext_lazy("ethnic group", "Hani")
    KAZAKH = "kazakh", pgettext_lazy("ethnic group", "Kazakh")
    DAI = "dai", pgettext_lazy("ethnic group", "Dai")
    LI = "li", pgettext_lazy("ethnic group", "Li")
    LISU = "lisu", pgettext_lazy("ethnic group", "Lisu")
    VA = "va", pgettext_lazy("ethnic group", "Va")
    SHE = "she", pgettext_lazy("ethnic group", "She")
    GAOSHAN = "gaoshan", pgettext_lazy("ethnic group", "Gaoshan")
    LAHU = "lahu", pgettext_lazy("ethnic group", "Lahu")
    SUI = "sui", pgettext_lazy("ethnic group", "Sui")
    DONGXIANG = "dongxiang", pgettext_lazy("ethnic group", "Dongxiang")
    NAXI = "naxi", pgettext_lazy("ethnic group", "Naxi")
    JINGPO = "jingpo", pgettext_lazy("ethnic group", "Jingpo")
    KYRGYZ = "kyrgyz", pgettext_lazy("ethnic group", "Kyrgyz")
    TU = "tu", pgettext_lazy("ethnic group", "Tu")
    DAUR = "daur", pgettext_lazy("ethnic group", "Daur")
    MULAO = "mulao", pgettext_lazy("ethnic group", "Mulao")
    QIANG = "qiang", pgettext_lazy("ethnic group", "Qiang")
    BLANG = "blang", pgettext_lazy("ethnic group", "Blang")
    SALAR = "salar", pgettext_lazy("ethnic group", "Salar")
    MAONAN = "maonan", pgettext_lazy("ethnic group", "Maonan")
    GELAO = "gelao", pgettext_lazy("ethnic group", "Gelao")
    XIBE = "xibe", pgettext_lazy("ethnic group", "Xibe")
    ACHANG = "achang", pgettext_lazy("ethnic group", "Achang")
    PUMI = "pumi", pgettext_lazy("ethnic group", "Pumi")
    TAJIK = "tajik", pgettext_lazy("ethnic group", "Tajik")
    NU = "nu", pgettext_lazy("ethnic group", "Nu")
    UZBEK = "uzbek", pgettext_lazy("ethnic group", "Uzbek")
    RUSSIAN = "russian", pgettext_lazy("ethnic group", "Russian")
    EVENKI = "evenki", pgettext_lazy("ethnic group", "Evenki")
    DEANG = "deang", pgettext_lazy("ethnic group", "De'ang")
    BONAN = "bonan", pgettext_lazy("ethnic group", "Bonan")
    YUGUR = "yugur", pgettext_lazy("ethnic group", "Yugur")
    GIN = "gin", pgettext_lazy("ethnic group", "Gin")
    TATAR = "tatar", pgettext_lazy("ethnic group", "Tatar")
    DERUNG = "derung", pgettext_lazy("ethnic group", "Derung")
    OROQEN = "oroqen", pgettext_lazy("ethnic group", "Oroqen")
    HEZHEN = "hezhen", pgettext_lazy("ethnic group", "Hezhen")
    MONBA = "monba", pgettext_lazy("ethnic group", "Monba")
    LHOBA = "lhoba", pgettext_lazy("ethnic group", "Lhoba")
    JINO = "jino", pgettext_lazy("ethnic group", "Jino")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", pgettext_lazy("education", "Postgraduate")
    BACHELOR = "bachelor", pgettext_lazy("education", "Bachelor's degree")
    COLLEGE = "college", pgettext_lazy("education", "Junior college")
    SECONDARY_VOCATIONAL = "secondary_vocational", pgettext_lazy(
        "education", "Secondary vocational school")
    HIGH_SCHOOL = "high_school", pgettext_lazy("education", "Senior high school")
    JUNIOR_HIGH = "junior_high", pgettext_lazy("education", "Junior high school")
    PRIMARY = "primary", pgettext_lazy("education", "Primary school or below")


# The official Chinese names (GB/T 3304), with and without the final 族.
ETHNICITY_CHINESE = {
    "汉族": Ethnicity.HAN,
    "蒙古族": Ethnicity.MONGOL,
    "回族": Ethnicity.HUI,
    "藏族": Ethnicity.TIBETAN,
    "维吾尔族": Ethnicity.UYGHUR,
    "苗族": Ethnicity.MIAO,
    "彝族": Ethnicity.YI,
    "壮族": Ethnicity.ZHUANG,
    "布依族": Ethnicity.BOUYEI,
    "朝鲜族": Ethnicity.KOREAN,
    "满族": Ethnicity.MANCHU,
    "侗族": Ethnicity.DONG,
    "瑶族": Ethnicity.YAO,
    "白族": Ethnicity.BAI,
    "土家族": Ethnicity.TUJIA,
    "哈尼族": Ethnicity.HANI,
    "哈萨克族": Ethnicity.KAZAKH,
    "傣族": Ethnicity.DAI,
    "黎族": Ethnicity.LI,
    "傈僳族": Ethnicity.LISU,
    "佤族": Ethnicity.VA,
    "畲族": Ethnicity.SHE,
    "高山族": Ethnicity.GAOSHAN,
    "拉祜族": Ethnicity.LAHU,
    "水族": Ethnicity.SUI,
    "东乡族": Ethnicity.DONGXIANG,
    "纳西族": Ethnicity.NAXI,
    "景颇族": Ethnicity.JINGPO,
    "柯尔克孜族": Ethnicity.KYRGYZ,
    "土族": Ethnicity.TU,
    "达斡尔族": Ethnicity.DAUR,
    "仫佬族": Ethnicity.MULAO,
    "羌族": Ethnicity.QIANG,
    "布朗族": Ethnicity.BLANG,
    "撒拉族": Ethnicity.SALAR,
    "毛南族": Ethnicity.MAONAN,
    "仡佬族": Ethnicity.GELAO,
    "锡伯族": Ethnicity.XIBE,
    "阿昌族": Ethnicity.ACHANG,
    "普米族": Ethnicity.PUMI,
    "塔吉克族": Ethnicity.TAJIK,
    "怒族": Ethnicity.NU,
    "乌孜别克族": Ethnicity.UZBEK,
    "俄罗斯族": Ethnicity.RUSSIAN,
    "鄂温克族": Ethnicity.EVENKI,
    "德昂族": Ethnicity.DEANG,
    "保安族": Ethnicity.BONAN,
    "裕固族": Ethnicity.YUGUR,
    "京族": Ethnicity.GIN,
    "塔塔尔族": Ethnicity.TATAR,
    "独龙族": Ethnicity.DERUNG,
    "鄂伦春族": Ethnicity.OROQEN,
    "赫哲族": Ethnicity.HEZHEN,
    "门巴族": Ethnicity.MONBA,
    "珞巴族": Ethnicity.LHOBA,
    "基诺族": Ethnicity.JINO,
}
ETHNICITY_WORDS = {**ETHNICITY_CHINESE,
                   **{name[:-1]: value for name, value in ETHNICITY_CHINESE.items()}}
EDUCATION_WORDS = {
    "研究生": Education.POSTGRADUATE, "硕士": Education.POSTGRADUATE,
    "博士": Education.POSTGRADUATE, "硕士研究生": Education.POSTGRADUATE,
    "博士研究生": Education.POSTGRADUATE,
    "本科": Education.BACHELOR, "大学本科": Education.BACHELOR, "大学": Education.BACHELOR,
    "大专": Education.COLLEGE, "专科": Education.COLLEGE, "大学专科": Education.COLLEGE,
    "高职": Education.COLLEGE,
    "中专": Education.SECONDARY_VOCATIONAL, "中技": Education.SECONDARY_VOCATIONAL,
    "技校": Education.SECONDARY_VOCATIONAL, "职高": Education.SECONDARY_VOCATIONAL,
    "中等专科": Education.SECONDARY_VOCATIONAL,
    "高中": Education.HIGH_SCHOOL, "初中": Education.JUNIOR_HIGH,
    "小学": Education.PRIMARY, "小学及以下": Education.PRIMARY,
}
