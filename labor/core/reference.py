"""Reference data loaded by migrations: districts, industry sections, dated settings.

Amounts and periods carry DOMAIN.md's certainty: C confirmed, S secondary source, U unconfirmed
(a default to be checked; change it in the admin, it is data).
"""

# (code, name, name_en, postal code), in the city government's own order.
DISTRICTS = {
    "taipei": [
        ("songshan", "松山區", "Songshan", "105"),
        ("xinyi", "信義區", "Xinyi", "110"),
        ("daan", "大安區", "Da'an", "106"),
        ("zhongshan", "中山區", "Zhongshan", "104"),
        ("zhongzheng", "中正區", "Zhongzheng", "100"),
        ("datong", "大同區", "Datong", "103"),
        ("wanhua", "萬華區", "Wanhua", "108"),
        ("wenshan", "文山區", "Wenshan", "116"),
        ("nangang", "南港區", "Nangang", "115"),
        ("neihu", "內湖區", "Neihu", "114"),
        ("shilin", "士林區", "Shilin", "111"),
        ("beitou", "北投區", "Beitou", "112"),
    ],
}

# 行業統計分類 (11th revision, 2021), sections.
INDUSTRIES = [
    ("A", "農、林、漁、牧業", "Agriculture, Forestry, Fishing and Animal Husbandry"),
    ("B", "礦業及土石採取業", "Mining and Quarrying"),
    ("C", "製造業", "Manufacturing"),
    ("D", "電力及燃氣供應業", "Electricity and Gas Supply"),
    ("E", "用水供應及污染整治業", "Water Supply and Remediation Activities"),
    ("F", "營建工程業", "Construction"),
    ("G", "批發及零售業", "Wholesale and Retail Trade"),
    ("H", "運輸及倉儲業", "Transportation and Storage"),
    ("I", "住宿及餐飲業", "Accommodation and Food Service Activities"),
    ("J", "出版影音及資通訊業", "Publishing, Audiovisual and Information and Communication"),
    ("K", "金融及保險業", "Financial and Insurance Activities"),
    ("L", "不動產業", "Real Estate Activities"),
    ("M", "專業、科學及技術服務業", "Professional, Scientific and Technical Activities"),
    ("N", "支援服務業", "Support Service Activities"),
    ("O", "公共行政及國防；強制性社會安全", "Public Administration and Defence"),
    ("P", "教育業", "Education"),
    ("Q", "醫療保健及社會工作服務業", "Human Health and Social Work Activities"),
    ("R", "藝術、娛樂及休閒服務業", "Arts, Entertainment and Recreation"),
    ("S", "其他服務業", "Other Service Activities"),
]

# (key, city, effective_from, value, unit, certainty, source)
DATED_SETTINGS = [
    *[
        ("minimum_wage.monthly", "", f"{y}-01-01", v, "元", "C", "勞動部公告基本工資／最低工資")
        for y, v in [(2022, 25250), (2023, 26400), (2024, 27470), (2025, 28590), (2026, 29500)]
    ],
    *[
        ("minimum_wage.hourly", "", f"{y}-01-01", v, "元", "C", "勞動部公告基本工資／最低工資")
        for y, v in [(2022, 168), (2023, 176), (2024, 183), (2025, 190), (2026, 196)]
    ],
    # 勞動基準法 art. 79 and 78 fine bands
    ("lsa.fine.band1.min", "", "2015-02-04", 20000, "元", "C", "勞動基準法第79條第1項"),
    ("lsa.fine.band1.max", "", "2015-02-04", 1000000, "元", "C", "勞動基準法第79條第1項"),
    ("lsa.fine.band2.min", "", "2015-02-04", 90000, "元", "C", "勞動基準法第79條第2項"),
    ("lsa.fine.band2.max", "", "2015-02-04", 450000, "元", "C", "勞動基準法第79條第2項"),
    ("lsa.fine.band3.min", "", "2015-02-04", 20000, "元", "C", "勞動基準法第79條第3項"),
    ("lsa.fine.band3.max", "", "2015-02-04", 300000, "元", "C", "勞動基準法第79條第3項"),
    ("lsa.fine.raise_share_of_max", "", "2015-02-04", "0.5", "", "C", "勞動基準法第79條第4項"),
    ("lsa.fine.art78.min", "", "2015-02-04", 300000, "元", "C", "勞動基準法第78條"),
    ("lsa.fine.art78.max", "", "2015-02-04", 1500000, "元", "C", "勞動基準法第78條"),
    ("lsa.work_rules.threshold", "", "1984-07-30", 30, "人", "C", "勞動基準法第70條"),
    ("lsa.work_rules.filing_days", "", "1984-07-30", 30, "日", "C", "勞動基準法施行細則第37條"),
    # 勞資爭議處理法 art. 12, 13
    ("disputes.mediator_designation_days", "", "2011-05-01", 3, "日", "C", "勞資爭議處理法第12條"),
    ("disputes.mediation_start_days", "", "2011-05-01", 7, "日", "C", "勞資爭議處理法第12條"),
    ("disputes.proposal_days", "", "2011-05-01", 10, "日", "C", "勞資爭議處理法第12條"),
    ("disputes.committee_member_naming_days", "", "2011-05-01", 3, "日", "C",
     "勞資爭議處理法第13條"),
    # 大量解僱勞工保護法 art. 11
    ("layoff.warning_visit_days", "", "2015-07-01", 7, "日", "C", "大量解僱勞工保護法第11條"),
    # 身心障礙者權益保障法 art. 38, 43
    ("quota.public.threshold", "", "2007-07-11", 34, "人", "C", "身心障礙者權益保障法第38條"),
    ("quota.public.rate", "", "2007-07-11", "0.03", "", "C", "身心障礙者權益保障法第38條"),
    ("quota.private.threshold", "", "2007-07-11", 67, "人", "C", "身心障礙者權益保障法第38條"),
    ("quota.private.rate", "", "2007-07-11", "0.01", "", "C", "身心障礙者權益保障法第38條"),
    ("quota.late_fee_daily_rate", "", "2007-07-11", "0.002", "", "S", "身心障礙者權益保障法"),
    ("quota.late_fee_cap_multiple", "", "2007-07-11", 1, "倍", "S", "身心障礙者權益保障法"),
    # Taipei: occupational-injury consolation (職災慰問金)
    ("consolation.death", "taipei", "2015-01-01", 300000, "元", "S", "臺北市勞工職業災害慰問金"),
    ("consolation.grade_1_3", "taipei", "2015-01-01", 200000, "元", "S",
     "臺北市勞工職業災害慰問金"),
    ("consolation.grade_4_5", "taipei", "2015-01-01", 100000, "元", "S",
     "臺北市勞工職業災害慰問金"),
    ("consolation.occupational_disease_extra", "taipei", "2015-01-01", 50000, "元", "S",
     "臺北市勞工職業災害慰問金"),
    ("consolation.low_income_extra", "taipei", "2015-01-01", 50000, "元", "S",
     "臺北市勞工職業災害慰問金"),
    ("consolation.death", "taipei", "2024-01-01", 360000, "元", "S", "112年修正自治條例"),
    ("consolation.grade_6_15", "taipei", "2024-01-01", 20000, "元", "S", "112年修正自治條例"),
    ("consolation.hospitalised", "taipei", "2024-01-01", 10000, "元", "S", "112年修正自治條例"),
    ("consolation.hospitalised_min_days", "taipei", "2024-01-01", 5, "日", "U",
     "112年修正自治條例（工作報告寫7日，待確認）"),
    ("consolation.application_window_days", "taipei", "2015-01-01", 365, "日", "S",
     "臺北市勞工職業災害慰問金"),
    # Taipei: tuition subsidy for children of unemployed workers
    ("tuition.public_high", "taipei", "2015-01-01", 5000, "元", "C", "失業勞工子女就學費用補助"),
    ("tuition.private_high", "taipei", "2015-01-01", 12000, "元", "C",
     "失業勞工子女就學費用補助"),
    ("tuition.public_college", "taipei", "2015-01-01", 12000, "元", "C",
     "失業勞工子女就學費用補助"),
    ("tuition.private_college", "taipei", "2015-01-01", 26000, "元", "C",
     "失業勞工子女就學費用補助"),
    ("tuition.public_college", "taipei", "2024-01-01", 13600, "元", "C",
     "失業勞工子女就學費用補助"),
    ("tuition.private_college", "taipei", "2024-01-01", 35800, "元", "C",
     "失業勞工子女就學費用補助"),
    ("tuition.household_income_cap", "taipei", "2015-01-01", 1480000, "元", "C",
     "失業勞工子女就學費用補助"),
    # Taipei: litigation subsidy caps per instance (central scheme's values as defaults)
    ("litigation.lawyer_fee_cap", "taipei", "2015-01-01", 40000, "元", "U",
     "勞資爭議法律及生活費用補助（中央標準，待確認本市上限）"),
    ("litigation.lawyer_fee_cap_complex", "taipei", "2015-01-01", 60000, "元", "U",
     "勞資爭議法律及生活費用補助（中央標準，待確認本市上限）"),
    # Construction safety (from the council report)
    ("osh.alcohol_limit_mg_per_l", "taipei", "2023-01-01", "0.15", "mg/L", "S", "工作報告"),
    ("osh.site_interval_months.high", "taipei", "2023-01-01", 1, "月", "S", "工作報告"),
    ("osh.site_interval_months.medium", "taipei", "2023-01-01", 2, "月", "S", "工作報告"),
    ("osh.site_interval_months.general", "taipei", "2023-01-01", 4, "月", "S", "工作報告"),
]
