"""The council report's part of the demo scenario: a short narrative for the scenario's half
year, written for the demo (not taken from the bureau's report), with every figure a
placeholder."""

from __future__ import annotations

from labor.core.scenarios import Part, Progress, Scenario
from labor.stats.periods import Period

NARRATIVE = {
    "preface": (
        "本局本期持續以「勞資關係和諧、勞動權益有保障」為施政主軸，勞資爭議調解案件之受理、"
        "排會及結案均於資訊系統中即時辦理，線上申請管道亦日趨普及。\n\n"
        "以下謹就本局本期各項工作成果與未來施政重點提出報告，敬請指教。"
    ),
    "rights.protection.disputes": (
        "本期協處勞資爭議計{disputes.cases_handled}件，和解率（含調解成立及自行和解撤案案件）"
        "為{disputes.settlement_rate}。本期受理之勞資爭議調解申請中，線上申請計"
        "{disputes.online_applications}件，占受理申請案件之{disputes.online_share}；"
        "現場義務律師諮詢服務計{disputes.lawyer_consultations}人次。"
    ),
    "rights.migrants.disputes": (
        "移工勞資爭議由專業律師擔任協調主持人，並由通譯協助勞雇雙方溝通。本期受理移工勞資爭議"
        "案件計{disputes.migrant_cases}件，召開協調會{disputes.migrant_coordination_meetings}"
        "場次，進入協調會之案件協調成功率約{disputes.migrant_coordination_success_rate}。"
    ),
    "appendix.establishments": (
        "本市事業單位截至期末共計{establishments.total}家，依員工人數級距分列如下表，"
        "作為各項輔導及檢查規劃之母體參考。"
    ),
    "innovations": (
        "勞資爭議調解申請全面線上化：民眾可於線上申請調解、查詢案件進度及下載調解紀錄，"
        "本局同仁於同一系統排定調解會議並通知當事人，減少紙本往返。"
    ),
    "priorities": (
        "持續將各業務之統計數據納入本系統，使工作報告所列數據均可追溯至業務紀錄，"
        "並逐步開放為開放資料。"
    ),
}


# The sections of the inspection and notification lines (issue 5), in the seed report's
# wording with its figures as placeholders; figures the platform does not keep (training
# sessions, joint inspections, LINE groups) are left out rather than typed by hand.
_HEALTH_BANDS = (
    ("300_plus", "勞工人數三百人以上之事業單位醫護人員配置率"),
    ("200_299", "勞工人數二百人至二百九十九人者配置率"),
    ("100_199", "勞工人數一百人至一百九十九人者配置"),
    ("50_99_special", "勞工人數五十人至九十九人並具特別危害健康作業一人至四十九人者配置"),
)
_NOTIFIED_WORK = (("lightweight_roof", "輕質屋頂"), ("scaffolding", "施工架"),
                  ("gondola_rope", "吊籠暨繩索"))
INNOVATIONS_INSPECTIONS = (
    "提升僱用勞工人數五十至九十九人企業勞檢覆蓋率：自112年起展開設立於本市且勞工人數為五十至"
    "九十九人之事業單位勞動條件檢查專案，共計{labor_inspection.firms_50_99_population}家，"
    "預計至115年完成全數檢查，112年上半年合計檢查{labor_inspection.firms_50_99_inspected}家"
    "事業單位。\n\n"
    "高工時事業勞動條件專案檢查：本局於112年4月至6月針對連續三年（109年至111年）經勞動部調查"
    "「勞工有延長工時情形」均位居前三名之「專業、科學及技術服務業」且五年內（107年至111年）"
    "未經本局實施勞動條件檢查之事業單位共{labor_inspection.high_hours_project_establishments}"
    "家辦理專案檢查，以確保高工時行業勞工之勞動條件符合法令標準、敦促事業單位提升勞動環境。"
    "\n\n"
    "臺北市轄內拍片影視業者通報作業：因應111年3月11日苗栗南庄「神仙谷」拍片取景造成二人死亡"
    "之重大職業災害事件，臺北市勞動檢查處針對在本市轄內拍片的影視業者具有風險之拍片作業須作"
    "通報，以利派員至現場輔導，研訂五種較具風險之拍片作業須事前通報，經統計112年6月止接獲"
    "影視業通報或本府文化局來函案件計{osh_inspection.film_notifications}部影片，依拍攝期間進行"
    "勞動檢查，計檢查{osh_inspection.film_inspections}場次，通知改善"
    "{osh_inspection.film_improvement_notices}場次。"
)
NARRATIVE_INSPECTIONS = {
    "rights.protection.layoff": (
        "依據大量解僱勞工保護法第11條規定，本局針對勞動部勞工保險局及衛生福利部中央健康保險署"
        "彙送之本轄「事業單位相關預警通報名單」、媒體及報載重大事件、勞動部臨時交辦案件、勞資爭議"
        "及調解案之預警事業單位等組成專案小組，主動進行立即性查訪（視）或發函給予行政指導及法令"
        "宣導。112年1月至6月勞、健保局本轄預警名單共計{layoff_warning.list_entries}筆，均依規定"
        "函請事業單位自行檢核及進行法令宣導，函查率達{layoff_warning.letter_rate}。"
    ),
    "rights.protection.reduced_hours": (
        "輔導本市事業單位因受景氣或嚴重特殊傳染性肺炎影響致停工或減產而實施勞雇雙方協商減少"
        "工時，應確實通報勞工之勞務所在地之勞動主管機關，以維護勞工權益。112年1月至6月減少工時"
        "備查案件計{reduced_hours.filings}件，實施人次為{reduced_hours.persons}人次。"
    ),
    "rights.inspection": (
        "1.為督促雇主遵守勞動法令，並落實勞權保障、保障勞工的職場權益，112年全年度勞動條件檢查"
        "（含輔導場次）目標場次為{labor_inspection.annual_target}場次，上半年（截至6月底）實際共計"
        "檢查{labor_inspection.inspections}場次（含輔導場次）。\n\n"
        "2.本局配合勞動部及其他機關規劃各項專案，實施「外籍移工勞動條件專案」等"
        "{labor_inspection.mol_projects}項專案檢查，合計檢查"
        "{labor_inspection.mol_project_establishments}家事業單位。另自行規劃「高工時事業勞動條件"
        "專案」等{labor_inspection.own_projects}項專案檢查，合計檢查"
        "{labor_inspection.own_project_establishments}家事業單位。112年上半年共計執行"
        "{labor_inspection.projects}項專案，合計檢查{labor_inspection.project_establishments}家"
        "事業單位。\n\n"
        "3.提供勞條健檢師免費入場輔導服務，協助企業熟悉勞動法令：「勞條健檢師」服務，主要優先"
        "服務對象為僱用勞工人數一百人以下之事業單位（公司、商號），且登記地或勞工工作地位於臺北市"
        "者。本局主動進行入場輔導，針對本市「曾遭本局裁罰」、特定行業（如：會計服務業、工程服務及"
        "相關技術顧問業、律師事務服務業、兒少機構）等中小企業優先列為入場輔導對象，診斷企業管理"
        "問題，提供正確法律觀念及具體建議，協助事業單位修正制度及培養自主管理習慣，自行審視其勞動"
        "條件，提升勞動法制觀念。112年上半年共輔導{labor_inspection.advisor_visits}家事業單位。"
        "\n\n"
        "4.臺北市勞動檢查處配合勞動部及其他機關規劃各項專案檢查，實施「影視製作與表演藝術業勞動"
        "條件專案」等{labor_inspection.office_projects}項專案檢查，合計檢查"
        "{labor_inspection.office_project_establishments}家事業單位。另要求事業單位自行審視勞動"
        "條件制度，112年1月至6月已對{labor_inspection.compliance_guidance}家事業單位進行法遵輔導。"
    ),
    "safety.health": (
        "1.為督促事業單位配置醫護人員，擴大勞工健康保護之涵蓋對象，"
        + "；".join(
            f"{text}{{osh_health_staffing.band_{band}.rate}}（已配置"
            f"{{osh_health_staffing.band_{band}.staffed}}家，應配置"
            f"{{osh_health_staffing.band_{band}.required}}家）"
            for band, text in _HEALTH_BANDS)
        + "。\n\n"
        "2.截至112年6月底止本市轄內勞工人數五十人以上共{osh_health_staffing.staffed_50_plus}家"
        "事業單位已配置從事勞工健康服務之醫護人員。"
    ),
    "safety.awareness": (
        "1.加強勞動檢查，確保勞動安全與權益\n\n"
        "(1)為降低公共工程職業災害，督促公共工程主辦單位、監造單位及營造事業單位落實工作者安全，"
        "執行「公共工程專案檢查」。112年1月至6月共檢查{osh_inspection.public_works_inspections}"
        "場次及停工{osh_inspection.public_works_stop_work_orders}件次。\n\n"
        "(2)針對社會住宅新建工程加強檢查，臺北市勞動檢查處針對本期轄內列管之社會住宅新建工程，"
        "112年1月至6月會同監造單位檢查{osh_inspection.social_housing_inspections}場次。並成立"
        "「臺北市社會住宅新建工程聯合防護網」LINE群組，即時傳輸缺失事項，督促監造單位監督營造"
        "事業單位改善後，以LINE回報臺北市勞動檢查處改善結果。\n\n"
        "(3)落實「臺北市輕質屋頂與施工架及吊籠暨繩索作業通報自治條例」通報管理與監督檢查，"
        "112年6月止"
        + "；".join(
            f"{text}通報數{'為' if kind == 'lightweight_roof' else ''}"
            f"{{osh_notifications.{kind}.notified}}件，監督檢查"
            f"{{osh_notifications.{kind}.supervised}}件，執行率"
            f"{{osh_notifications.{kind}.execution_rate}}，未通報違規"
            f"{{osh_notifications.{kind}.unreported}}件"
            for kind, text in _NOTIFIED_WORK)
        + "。\n\n"
        "(4)為預防營造工程使用道路作業發生車輛突入災害，執行「道路作業災害預防專案檢查計畫」，"
        "112年1月至6月共檢查{osh_inspection.road_works_inspections}場次。並藉由本市道路管線暨資訊"
        "中心之視訊監督機制，由勞動檢查員進駐道管中心，督促承包商做好工地安全衛生管理。\n\n"
        "(5)為保障勞工發生職災時的基本補償，減少雇主與勞工糾紛，特加強營造工地勞工保險檢查，督促"
        "廠商依法替勞工投保勞工保險及職災保險，如發現涉有違反者，函請勞動部勞工保險局依法處理，"
        "112年1月至6月共移送{osh_inspection.insurance_referrals}家事業單位。\n\n"
        "(6)落實勞工身心健康保護，臺北市勞動檢查處特選定僱用勞工人數五十人以上，且112年度臨場健康"
        "服務醫護人力統計資料中仍未依規定配置醫護人員或111年度專案複查仍未配置醫護人員之事業單位，"
        "辦理「勞工健康管理專案計畫」，以期提升本市職業衛生水準，促進職場勞工身心健康，112年1月至"
        "6月已完成{osh_inspection.health_project_establishments}家事業單位初查，112年7月至12月針對"
        "初查違規之事業單位實施複查。\n\n"
        "(7)鼓勵本市公共工程及民間工程設置安全視訊監控系統，落實事業單位自主管理稽查能力。112年1月"
        "至6月累計共{osh_inspection.cctv_sites}個公共及民間工程工地設置勞動安全視訊監控系統，接受"
        "臺北市勞動檢查處遠端監督檢查計{osh_inspection.cctv_remote_inspections}次。\n\n"
        "(8)為加強局限空間災害預防及缺氧作業安全，臺北市勞動檢查處針對廢污水處理設施（備）、反應槽"
        "及儲槽之清洗作業，筏基防水作業及隧道、筏基、集水坑等內部作業，執行局限空間作業安全衛生"
        "專案檢查，112年1月至6月共檢查{osh_inspection.confined_space_inspections}場次，缺失率為"
        "{osh_inspection.confined_space_defect_rate}。\n\n"
        "(9)為落實防止液化石油氣高壓氣體類災害發生，對於本市液化石油氣場所如瓦斯行、加氣站及液化"
        "石油氣分裝場等實施檢查，112年上半年檢查{osh_inspection.lpg_inspections}家次，"
        "{osh_inspection.lpg_improvement_notices}家通知改善。\n\n"
        "(10)執行「臺北市營造工地分級勞動檢查要點」，將本市營造工地按安全衛生績效區分成三級，高風險"
        "工程優先檢查，施工期間每月不定時檢查一次，次風險工地每二個月不定時檢查一次，一般工地每四個"
        "月不定時檢查一次，提升見檢率，嚴查嚴罰。\n\n"
        "(11)勞動檢查及處分情形：112年6月止職業安全衛生檢查場次共{osh_inspection.inspections}場次，"
        "裁罰{osh_inspection.penalties}件次，裁罰總金額為{osh_inspection.penalty_amount}。\n\n"
        "2.強化職安衛防災意識：鑑於中小企業因人力、物力等較缺乏，安全衛生知識薄弱，雇主較易忽略"
        "防災工作，賡續辦理「臺北市112年中小企業工作環境輔導改善計畫」，成立職業安全衛生輔導團，"
        "協助推動本市轄內中小型企業、營造業新建與裝修工程之安全衛生宣導、輔導及相關活動事項，並透過"
        "專責人員及輔導團隊至事業單位現場或營造工地提供專業輔導，協助中小企業、自營工作者改善工作"
        "環境。112年1月至6月專責人員總計輔導{osh_inspection.sme_staff_visits}場次，輔導團總計輔導"
        "{osh_inspection.sme_team_visits}場次。"
    ),
    "innovations": NARRATIVE["innovations"] + "\n\n" + INNOVATIONS_INSPECTIONS,
}


# 貳.四.(二) 就業服務及促進就業 (issue 6), in the seed report's wording with its figures as
# placeholders; figures the platform keeps no records of (the homeless skills classes, the city
# guides, the summer jobs, the youth internships) are left out rather than typed by hand, and
# "詳如表N" reads "詳如下表" (a table number typed in the text would be a hand-typed number).
NARRATIVE_EMPLOYMENT = {
    "employment.services.matching": (
        "臺北市就業服務處依照求職者工作意願、興趣及能力與事業單位求才資格條件進行媒合，推介求職者"
        "適切之工作機會，112年1月至6月求職就業率{employment.seeker_placement_rate}、求才利用率"
        "{employment.vacancy_fill_rate}，詳如下表。"
    ),
    "employment.services.community": (
        "結合本市各行政區公、民營資源、建構社區就業服務網絡，主動發掘求職者及追蹤長期失業者、提供"
        "就業資訊、協助就業媒合。112年至6月底發掘社區中求職者計{employment.community_seekers_found}"
        "人次，協助求職個案輔導就業成功計{employment.community_placed}人次，協助求職個案穩定就業"
        "三個月計{employment.community_stable_3_months}人，提供求職個案工作機會"
        "{employment.community_job_offers}人次，對轄區學校、社福團體或里辦公處辦理就業宣導駐點服務"
        "{employment.community_promotions}次，拜訪轄區內商圈店家開發"
        "{employment.community_jobs_developed}個工作機會。"
    ),
    "employment.services.priority": (
        "運用「個案管理服務模式」，透過個案管理員提供專業化、深度化就業服務，針對中高齡、獨力負擔"
        "家計者等特定對象之需求，提供職業介紹、職業訓練諮詢及推介、深度就業諮詢、職業心理測驗、"
        "就業促進研習活動等，協助其適性就業，詳如下表。"
    ),
    "employment.services.homeless": (
        "特置就業輔導員專責輔導遊民就業返回常態職場，包含陪同面試、職場訪視、友善企業開發等工作，"
        "112年1月至6月底求職登記{employment.homeless_registrations}人次、推介面試"
        "{employment.homeless_referrals}人次、就業成功{employment.homeless_placed}人次。112年度"
        "新創遊民技能研習班，與保全物業管理業、飯店業及清潔產業合作辦理訓用合一技能研習班，協助"
        "遊民獲得一技之長以期穩定就業。"
    ),
    "employment.services.city_guides": (
        "由本局、臺灣鐵路管理局、社會局、觀傳局、文化局及臺北大眾捷運公司等單位跨局處合作，持續讓"
        "參與試辦計畫之遊民，改變生活習性、扭轉工作態度、重燃人生希望及回歸常態職業生活，並創造"
        "遊民就業輔導的新典範，更期許大眾看見遊民自食其力工作的實際樣貌，協助脫遊，為城市發展創造"
        "觀光景點及遊民就業雙贏的策略。"
    ),
    "employment.services.immigrants": (
        "致力促進外國籍及大陸籍配偶就業服務。設置服務窗口及專責業務輔導員，提供免費就業及職訓"
        "諮詢，推介及媒合就業或參加職業訓練及相關就業促進研習活動與個案管理等就業服務，希冀新住民"
        "可順利適應並融合本國之就業環境。112年1月至6月外籍配偶求職"
        "{new_immigrants.job_seekers.foreign}人、大陸配偶求職{new_immigrants.job_seekers.mainland}"
        "人；開案數外籍配偶{new_immigrants.cases_opened.foreign}人、大陸配偶"
        "{new_immigrants.cases_opened.mainland}人；推介外籍配偶{new_immigrants.referrals.foreign}"
        "人次、大陸配偶{new_immigrants.referrals.mainland}人次；就業外籍配偶"
        "{new_immigrants.placed.foreign}人、大陸配偶{new_immigrants.placed.mainland}人，合計詳如"
        "下表。"
    ),
    "employment.services.summer_jobs": (
        "協助弱勢家庭青年於就學時期擁有職場經驗，增加青年對公部門的認識，同時協助弱勢家庭子女從"
        "職場工讀中培養就業技能及建立正確職業觀念，亦增加學生及家庭經濟收入；工讀生待遇不低於"
        "基本工資，並投保勞工保險及提撥勞工退休金。"
    ),
    "employment.services.youth": (
        "臺北青年職涯發展中心，協助青年職涯定錨與發展、釐清職涯方向，並推廣職場體驗實習、辦理職涯"
        "成長支持活動，112年1月至6月提供青年適性測驗、職涯諮詢計{employment.youth_counselling}"
        "人次；辦理或協辦職涯成長講座、職涯導覽與其他職涯發展活動計{employment.youth_events}場，"
        "參加人次計{employment.youth_event_participants}人次。"
    ),
    "employment.services.job_redesign": (
        "藉由推動職務再設計，打造中高齡職場友善環境：依「推動職務再設計服務計畫」，協助中高齡者與"
        "高齡者排除工作、環境以及肢體上所遭遇的困難，改善工作設備或機具、職場工作環境及工作條件，"
        "提供就業輔具及調整工作方法，使中高齡者與高齡者得以減低職場中的障礙，提升產能。112年1月至"
        "6月受理{employment.job_redesign_seniors_applied}人申請，核定"
        "{employment.job_redesign_seniors_approved}人，核定補助金額計"
        "{employment.job_redesign_seniors_amount}整。"
    ),
    "employment.services.job_bank": (
        "台北人力銀行網站上定期更新職場新訊、免費充電課程及勞動市場脈動等資訊，提供科技園區企業"
        "人力招募服務，市民也可以透過虛實整合的服務管道，輕鬆瀏覽最新科技業職缺，詳如下表。"
    ),
    "employment.services.job_fairs": (
        "配合產業缺工及求職者需求，辦理大型、中型、小型現場徵才活動及專案招募：\n\n"
        "A.大型徵才活動：臺北市就業服務處112年截至6月底辦理{job_fairs.large_events}場大型就業"
        "博覽會，提供{job_fairs.large_employers}家企業，{job_fairs.large_occupations}種職類，"
        "{job_fairs.large_vacancies}個工作機會，計{job_fairs.large_resumes}人次投遞履歷。\n\n"
        "B.中型現場徵才活動：112年截至6月底辦理{job_fairs.medium_events}場中型現場徵才活動，提供"
        "{job_fairs.medium_employers}家企業，{job_fairs.medium_vacancies}個工作機會，計"
        "{job_fairs.medium_resumes}人次投遞履歷。\n\n"
        "C.小型現場徵才活動：臺北市就業服務處所屬就業服務站每周辦理徵才活動，112年截至6月底辦理"
        "{job_fairs.small_events}場次，{job_fairs.small_vacancies}個工作機會，面試"
        "{job_fairs.small_interviews}人次。\n\n"
        "D.專案招募：臺北市就業服務處112年截至6月底辦理{job_fairs.project_events}場專案招募，"
        "提供{job_fairs.project_employers}家企業，{job_fairs.project_occupations}種職類，"
        "{job_fairs.project_vacancies}個工作機會，計{job_fairs.project_resumes}人次投遞履歷。"
    ),
    "employment.services.unemployment": (
        "依據雇主資遣通報名冊，聯繫當事人，提供就業服務資訊，推介參加職業訓練、協助辦理申請失業"
        "給付及失業認定，針對個別需求提供個案管理就業服務等協助措施，詳如下表。"
    ),
    "employment.services.exams": (
        "接受本府各機關委託辦理約聘僱人員暨專案技工、工友及公立幼兒園契約人員公開甄選，112年截至"
        "6月底共計辦理{recruitment_exams.sessions}場次就業甄選，報名人數計"
        "{recruitment_exams.applicants}人，面試人數{recruitment_exams.interviewed}人，錄取"
        "{recruitment_exams.hired}人（正取{recruitment_exams.hired_main}人、備取"
        "{recruitment_exams.hired_reserve}人）。"
    ),
}


# 貳.一.(一).3 勞工權益基金之運作及管理 (issue 7), in the seed report's wording with its figures
# as placeholders. The seed prints the balance as 7億3,221萬4,039元, which is not the sum of
# its two terms (721,406,226 + 10,808,083 = 732,214,309): the placeholder prints the ledger's
# balance and one sentence says what the printed report showed. Its three numbers are typed
# by hand on purpose, so the report's review lists them (labor/council/narrative.py).
NARRATIVE_FUND = {
    "rights.protection.fund": (
        "(1) 臺北市勞工權益基金111年度累積賸餘為{fund.surplus_accumulated_2022}，截至112年6月"
        "賸餘為{fund.surplus_2023}，累計基金餘額為{fund.balance}。本局前印行之工作報告所載累計"
        "基金餘額為7億3,221萬4,039元，並不等於上開累積賸餘與賸餘之和；本報告之基金餘額係依"
        "基金分錄計算。\n\n"
        "(2) 截至112年6月共受理申請訴訟補助案件計{fund.litigation_applications}件，通過核予"
        "補助件數為{fund.litigation_approved}件，補助人數{fund.litigation_persons}人，補助金額達"
        "{fund.litigation_amount}；其中補助案件之類別：解僱{fund.approved_dismissal}件、職災"
        "{fund.approved_occupational_injury}件及關廠{fund.approved_plant_closure}件。\n\n"
        "(3) 截至112年6月應追蹤案件累計有{fund.recovery_cases}件，金額共計"
        "{fund.recovery_amount}，其中裁判費部分占催繳金額{fund.recovery_share_court_fees}、"
        "第三審律師費占催繳金額{fund.recovery_share_third_instance_lawyer_fees}、生活費用占催繳"
        "金額{fund.recovery_share_living_expenses}。經查截至112年6月依判決結果、和解及撤銷等"
        "情況而繳還、轉列費用為：律師費{fund.recovered_lawyer_fees}、裁判費"
        "{fund.recovered_court_fees}、強制執行費{fund.recovered_enforcement_fees}及生活費用"
        "{fund.recovered_living_expenses}，合計{fund.recovered_total}。"
    ),
}


def _half(scenario: Scenario) -> Period:
    return Period.of_half(scenario.as_of.year, 1 if scenario.as_of.month <= 6 else 2)


def _save(scenario: Scenario, texts: dict[str, str], label: str, progress: Progress) -> int:
    from labor.council.services import narrative_save

    period = _half(scenario)
    for done, (key, text) in enumerate(texts.items(), 1):
        narrative_save(period, key, text)
        progress(label, done, len(texts))
    return len(texts)


def narrative_load(scenario: Scenario, progress: Progress) -> int:
    return _save(scenario, NARRATIVE, "council.narrative", progress)


def narrative_inspections_load(scenario: Scenario, progress: Progress) -> int:
    """The inspection and notification sections, a part of their own so that a demo database
    loaded before them gets them by running load_scenario again (參 is rewritten whole)."""
    return _save(scenario, NARRATIVE_INSPECTIONS, "council.narrative_inspections", progress)


def narrative_employment_load(scenario: Scenario, progress: Progress) -> int:
    """The employment sections (貳.四.(二)), a part of their own so that a demo database loaded
    before them gets them by running load_scenario again."""
    return _save(scenario, NARRATIVE_EMPLOYMENT, "council.narrative_employment", progress)


def narrative_fund_load(scenario: Scenario, progress: Progress) -> int:
    """The labor rights fund's section (貳.一.(一).3). Declared as a part by the fund's
    scenario (``fund.council_narrative``, after its records), so that the council's own
    parts load without the fund's."""
    return _save(scenario, NARRATIVE_FUND, "council.narrative_fund", progress)


PARTS = [
    Part("council.narrative", narrative_load,
         requires=("disputes.cases", "disputes.lawyer_consultations", "core.establishments"),
         label="議會工作報告示範內文"),
    Part("council.narrative_inspections", narrative_inspections_load,
         requires=("council.narrative",), label="議會工作報告示範內文（勞動檢查及事業單位通報）"),
    Part("council.narrative_employment", narrative_employment_load,
         requires=("council.narrative",), label="議會工作報告示範內文（就業服務及促進就業）"),
]
