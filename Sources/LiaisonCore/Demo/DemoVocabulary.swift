/// The words demo data is made of: names in several scripts, places, and what is said.
enum DemoVocabulary {
    /// A name as written in Latin script and in the person's own script.
    struct Name {
        let latin: String
        let local: String
    }

    /// Given and family names of one script, with the languages its speakers use.
    struct Script {
        let given: [Name]
        let family: [Name]
        let languages: [String]
    }

    static let scripts: [Script] = [
        Script(given: [Name(latin: "Amina", local: "أمينة"), Name(latin: "Yusuf", local: "يوسف"),
                       Name(latin: "Fatima", local: "فاطمة"), Name(latin: "Omar", local: "عمر"),
                       Name(latin: "Mariam", local: "مريم"), Name(latin: "Khalid", local: "خالد"),
                       Name(latin: "Hawa", local: "حواء"), Name(latin: "Ibrahim", local: "إبراهيم")],
               family: [Name(latin: "al-Hassan", local: "الحسن"), Name(latin: "Abdallah", local: "عبد الله"),
                        Name(latin: "Khalil", local: "خليل"), Name(latin: "Osman", local: "عثمان"),
                        Name(latin: "Musa", local: "موسى"), Name(latin: "Saleh", local: "صالح")],
               languages: ["ar"]),
        Script(given: [Name(latin: "Abebe", local: "አበበ"), Name(latin: "Tigist", local: "ትግስት"),
                       Name(latin: "Almaz", local: "አልማዝ"), Name(latin: "Dawit", local: "ዳዊት"),
                       Name(latin: "Selam", local: "ሰላም"), Name(latin: "Yonas", local: "ዮናስ")],
               family: [Name(latin: "Bekele", local: "በቀለ"), Name(latin: "Haile", local: "ኃይሌ"),
                        Name(latin: "Tesfaye", local: "ተስፋዬ"), Name(latin: "Mekonnen", local: "መኮንን"),
                        Name(latin: "Gebremedhin", local: "ገብረመድህን")],
               languages: ["am", "ti"]),
        Script(given: [Name(latin: "Olena", local: "Олена"), Name(latin: "Mykola", local: "Микола"),
                       Name(latin: "Alla", local: "Алла"), Name(latin: "Yurii", local: "Юрій"),
                       Name(latin: "Oksana", local: "Оксана")],
               family: [Name(latin: "Kovalenko", local: "Коваленко"), Name(latin: "Shevchenko", local: "Шевченко"),
                        Name(latin: "Koval", local: "Коваль"), Name(latin: "Bondarenko", local: "Бондаренко")],
               languages: ["uk", "ru"]),
        Script(given: [Name(latin: "Xiaoming", local: "小明"), Name(latin: "Na", local: "娜"),
                       Name(latin: "Wei", local: "伟"), Name(latin: "Fang", local: "芳")],
               family: [Name(latin: "Wang", local: "王"), Name(latin: "Li", local: "李"), Name(latin: "Zhang", local: "张")],
               languages: ["zh"]),
        Script(given: [Name(latin: "Hélène", local: ""), Name(latin: "Jérôme", local: ""),
                       Name(latin: "Françoise", local: ""), Name(latin: "Zoé", local: ""),
                       Name(latin: "Noël", local: "")],
               family: [Name(latin: "Dubois", local: ""), Name(latin: "Lefèvre", local: ""),
                        Name(latin: "Ngoy", local: ""), Name(latin: "Mukendi", local: "")],
               languages: ["fr", "ln"]),
        Script(given: [Name(latin: "Amani", local: ""), Name(latin: "Baraka", local: ""),
                       Name(latin: "Neema", local: ""), Name(latin: "Juma", local: ""), Name(latin: "Zawadi", local: "")],
               family: [Name(latin: "Wanjiku", local: ""), Name(latin: "Otieno", local: ""),
                        Name(latin: "Mwangi", local: ""), Name(latin: "Kiptoo", local: "")],
               languages: ["sw"]),
    ]

    /// A community with its admin areas, position and UTC offset in minutes.
    struct Place {
        let name: String
        let adm1: String
        let adm2: String
        let latitude: Double
        let longitude: Double
        let offset: Int
    }

    static let places: [Place] = [
        Place(name: "Kadugli", adm1: "South Kordofan", adm2: "Kadugli", latitude: 11.01, longitude: 29.72, offset: 120),
        Place(name: "Malakal", adm1: "Upper Nile", adm2: "Malakal", latitude: 9.53, longitude: 31.66, offset: 120),
        Place(name: "Bor", adm1: "Jonglei", adm2: "Bor South", latitude: 6.21, longitude: 31.56, offset: 120),
        Place(name: "Bentiu", adm1: "Unity", adm2: "Rubkona", latitude: 9.23, longitude: 29.78, offset: 120),
        Place(name: "Goma", adm1: "Nord-Kivu", adm2: "Goma", latitude: -1.68, longitude: 29.22, offset: 120),
        Place(name: "Bunia", adm1: "Ituri", adm2: "Irumu", latitude: 1.56, longitude: 30.25, offset: 120),
        Place(name: "Gao", adm1: "Gao", adm2: "Gao", latitude: 16.27, longitude: -0.04, offset: 0),
        Place(name: "Mekelle", adm1: "Tigray", adm2: "Mekelle", latitude: 13.50, longitude: 39.47, offset: 180),
        Place(name: "Abyei", adm1: "Abyei", adm2: "Abyei Town", latitude: 9.59, longitude: 28.44, offset: 120),
        Place(name: "Kramatorsk", adm1: "Донецька", adm2: "Краматорський", latitude: 48.72, longitude: 37.56, offset: 120),
        Place(name: "Bangui", adm1: "Bangui", adm2: "Bangui", latitude: 4.36, longitude: 18.56, offset: 60),
        Place(name: "Kidal", adm1: "Kidal", adm2: "Kidal", latitude: 18.44, longitude: 1.41, offset: 0),
    ]

    static let topics = ["water points", "the market road", "school fees", "cattle migration", "land boundaries",
                         "the health clinic", "night patrols", "food distribution", "youth employment",
                         "the returnee camp", "checkpoint delays", "the borehole", "local elections", "flooding"]

    static let sayings = [
        "The community asked for more regular patrols near %@.",
        "Elders said tension over %@ has grown since the rains.",
        "Women's group members raised concerns about %@ and safety at night.",
        "Les participants ont demandé des nouvelles sur %@.",
        "طلب الأهالي معلومات عن %@.",
        "Youth representatives offered to help with %@.",
        "Participants thanked the mission for its work on %@.",
        "A rumour about %@ is spreading in the market.",
        "Учасники попросили пояснити ситуацію щодо %@.",
        "The peace committee agreed to meet again about %@.",
    ]

    static let decisions = ["Follow up with the local authority within two weeks.",
                            "Share the next patrol schedule with the committee.",
                            "Refer the water issue to the WASH cluster.",
                            "Hold a women-only session next month.",
                            "Le comité se réunira de nouveau vendredi."]

    static let actions = ["Call the county commissioner about %@", "Share figures on %@ with the committee",
                          "Visit the site of %@ with engineers", "Send the referral on %@ to partners",
                          "Report back on %@ at the next forum"]

    static let organisations = ["Women's Association", "Youth Union", "Peace Committee", "County Office",
                                "Red Crescent", "Parish Council", "Traders' Association", "Cattle Keepers' Union"]

    static let referralPartners = ["UNHCR", "WFP", "WASH cluster", "Protection cluster", "County health office"]

    static let codeNames = ["Falcon", "Acacia", "Baobab", "Heron", "Jasmine", "Kestrel", "Lotus", "Marula"]
}
