#!/usr/bin/env python
"""Time the matching index against an exact brute-force scoring of the same pairs in NumPy, in
the same process on the same generated data, and check that both rank alike.

    .venv/bin/python bench/matching.py [--vacancies 150000] [--seekers 60000] [--single 500]
                                       [--processes 2] [--exact-every 1] [--seed 6]

It generates vacancies and job seekers with realistic Taipei job titles, descriptions, wages,
districts, licences and languages (``generate``), builds ``labor.employment.matching``'s
``VacancyIndex`` from them, then:

(a) top 20 for one seeker: ``--single`` seekers drawn at random, each encoded and ranked alone;
    prints the median and 95th percentile in ms, against the brute force on the same seekers;
(b) top 20 for every seeker (``matching.top_many``, on ``--processes`` forked processes
    sharing the index, 2 by default for this 2-core machine): the total time, its ratio to the
    brute force over every seeker on as many processes (``--exact-every K`` runs the brute
    force on every K-th seeker only and scales its time by K, for a quick look), and recall@20
    against the brute force (must be at least 0.99).

The data is generated in memory rather than loaded into the database: the index is built by
the same constructor the database path feeds (``VacancyIndex(rows, ...)`` from
``_open_vacancy_rows``), and 210,000 ORM inserts would take minutes to measure what the
benchmark is not about. The build time of the index is printed. Not part of the test run. Exit
status 1 when recall@20 is below 0.99 or a budget is missed (50 ms median; 60 s for all).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from labor.core.reference import DISTRICTS  # noqa: E402
from labor.employment.matching import (  # noqa: E402
    Districts,
    Occupations,
    SeekerRow,
    VacancyIndex,
    VacancyRow,
    top_many,
)

OCCUPATIONS_CSV = BENCH_DIR.parent / "labor" / "employment" / "data" / "occupations.csv"
DAY = dt.date(2023, 6, 15)

# Job families as a job centre in Taipei sees them: (occupation code, relative frequency among
# vacancies, titles, duties, skills, monthly wage range, part-time share, shift share,
# licences asked (with the share of vacancies asking), minimum education).
FAMILIES = [
    ("522", 9, ["門市人員", "門市店員", "銷售人員", "專櫃人員", "化妝品專櫃銷售", "超商店員",
                "門市儲備幹部"],
     ["商品銷售及顧客服務", "商品陳列及補貨", "收銀結帳", "門市環境整理", "庫存盤點"],
     ["銷售", "收銀", "顧客服務"], (28000, 36000), 0.35, 0.5, [], "2_senior_high"),
    ("513", 8, ["餐廳服務員", "外場服務人員", "咖啡師", "飲料店店員", "外場人員", "餐飲服務生"],
     ["帶位點餐及送餐", "餐廳環境清潔", "飲料調製", "結帳及外帶服務"], ["餐飲服務", "咖啡"],
     (27470, 33000), 0.5, 0.6, [], "0_none"),
    ("941", 4, ["廚房助手", "內場人員", "洗碗人員", "備料人員"], ["食材清洗及備料", "餐具清洗",
                                                           "廚房環境清潔"], ["備料"],
     (27470, 31000), 0.4, 0.5, [], "0_none"),
    ("512", 3, ["廚師", "中餐廚師", "西餐廚師", "日式料理廚師", "早餐店廚師"], ["餐點烹調",
                                                                   "菜單設計", "食材管理"],
     ["烹飪", "中餐丙級"], (33000, 50000), 0.1, 0.5, [("中餐烹調丙級技術士", 0.3)], "0_none"),
    ("751", 2, ["麵包師傅", "烘焙助手", "西點師傅", "麪包學徒"], ["麵包及西點製作", "烘焙備料",
                                                           "產品包裝"], ["烘焙"],
     (30000, 45000), 0.15, 0.2, [("烘焙食品丙級技術士", 0.3)], "0_none"),
    ("431", 4, ["會計助理", "會計人員", "記帳員", "帳務人員", "出納會計", "成本會計"],
     ["處理帳務及傳票", "應收應付帳款", "發票開立", "協助月結作業", "使用ERP系統", "營業稅申報"],
     ["Excel", "會計軟體", "記帳"], (30000, 45000), 0.05, 0.0, [], "3_associate"),
    ("411", 5, ["行政助理", "行政人員", "總務人員", "文書人員", "辦公室助理", "行政專員"],
     ["文書處理及歸檔", "電話接聽及訪客接待", "辦公用品採購", "會議安排", "協助主管行政事務"],
     ["Word", "Excel", "文書處理"], (29000, 38000), 0.1, 0.0, [], "2_senior_high"),
    ("422", 4, ["客服人員", "電話客服", "櫃台接待", "櫃檯人員", "總機人員", "客服專員"],
     ["電話及線上客服", "客訴處理", "訂單查詢", "櫃台接待及引導"], ["客服", "電腦打字"],
     (28000, 35000), 0.2, 0.3, [], "2_senior_high"),
    ("432", 3, ["倉管人員", "物流助理", "倉儲管理員", "進出貨管理員"], ["進出貨管理",
                                                              "庫存盤點及管理", "倉儲系統操作"],
     ["倉儲管理", "Excel"], (29000, 36000), 0.1, 0.2, [("堆高機操作人員", 0.2)], "2_senior_high"),
    ("933", 5, ["搬運工", "理貨員", "倉儲作業員", "物流理貨人員", "撿貨員"], ["貨品搬運及上下架",
                                                                    "撿貨及包裝", "出貨作業"],
     ["搬運", "撿貨"], (28000, 34000), 0.3, 0.4, [("堆高機操作人員", 0.15)], "0_none"),
    ("932", 4, ["作業員", "包裝作業員", "產線作業員", "品檢作業員"], ["產線組裝作業", "產品包裝",
                                                            "品質檢查", "機台操作"],
     ["品檢", "包裝"], (28000, 33000), 0.2, 0.6, [], "0_none"),
    ("834", 1, ["堆高機操作員", "堆高機司機", "起重機操作員"], ["堆高機操作及貨物搬運",
                                                  "棧板貨物上下架", "吊掛作業"], ["堆高機"],
     (33000, 42000), 0.0, 0.3, [("堆高機操作人員", 0.9)], "0_none"),
    ("832", 3, ["司機", "送貨司機", "物流司機", "外送員", "公務車駕駛"],
     ["貨物配送", "公司車輛駕駛", "車輛保養"],
     ["駕駛", "送貨"], (32000, 45000), 0.2, 0.2, [("普通小型車駕照", 0.7), ("職業小型車駕照", 0.2)],
     "0_none"),
    ("833", 1, ["大貨車司機", "聯結車司機", "公車駕駛"], ["貨物長途運送", "公車路線駕駛"],
     ["駕駛"], (40000, 60000), 0.0, 0.5, [("職業大貨車駕照", 0.6), ("職業大客車駕照", 0.4)],
     "0_none"),
    ("541", 4, ["保全人員", "大樓保全", "警衛", "社區保全", "駐衛保全"],
     ["門禁管制及巡邏", "訪客登記", "收發包裹", "監控系統"],
     ["保全"], (30000, 38000), 0.1, 0.9, [], "2_senior_high"),
    ("515", 1, ["大樓管理員", "社區總幹事", "物業管理員"], ["社區事務管理", "住戶服務",
                                                   "廠商聯繫"], ["物業管理"],
     (32000, 45000), 0.05, 0.3, [], "2_senior_high"),
    ("911", 5, ["清潔人員", "辦公室清潔員", "飯店房務員", "清潔打掃人員", "醫院清潔員"],
     ["辦公室環境清潔", "客房整理", "垃圾分類及清運", "廁所清潔"], ["清潔"],
     (27470, 31000), 0.4, 0.3, [], "0_none"),
    ("532", 3, ["照顧服務員", "居家照顧服務員", "看護", "日照中心照服員"], ["長者生活照顧",
                                                                 "協助沐浴及進食", "陪同就醫"],
     ["照顧服務", "長照"], (32000, 42000), 0.3, 0.6, [("照顧服務員單一級技術士", 0.5)],
     "0_none"),
    ("531", 1, ["保母", "課後照顧老師", "安親班老師", "托育人員"], ["幼童照顧", "課業輔導",
                                                          "接送"], ["幼教", "課輔"],
     (28000, 36000), 0.4, 0.0, [("保母人員單一級技術士", 0.4)], "2_senior_high"),
    ("514", 2, ["美髮設計師", "美髮助理", "美甲師", "美容師"], ["洗剪燙染服務", "顧客接待",
                                                    "美甲及美睫服務"], ["美髮", "美甲"],
     (27470, 45000), 0.2, 0.1, [("女子美髮丙級技術士", 0.3)], "0_none"),
    ("251", 3, ["軟體工程師", "前端工程師", "後端工程師", "Java工程師", "Python工程師",
                "APP開發工程師"], ["系統開發及維護", "網站前後端開發", "撰寫技術文件", "API串接"],
     ["Java", "Python", "JavaScript", "SQL", "React"], (45000, 80000), 0.02, 0.0, [],
     "4_bachelor"),
    ("252", 1, ["網路管理工程師", "資料庫管理師", "系統工程師", "MIS工程師"], ["網路設備維護",
                                                               "伺服器管理", "資料庫備份"],
     ["Linux", "SQL", "網路管理"], (42000, 70000), 0.0, 0.2, [], "4_bachelor"),
    ("351", 1, ["資訊助理", "電腦維修技術員", "IT支援專員"], ["電腦軟硬體維修", "使用者問題排除",
                                                  "設備安裝"], ["電腦維修"],
     (32000, 42000), 0.05, 0.0, [], "3_associate"),
    ("243", 2, ["行銷企劃", "社群小編", "數位行銷專員", "活動企劃"], ["社群經營及貼文",
                                                          "行銷活動規劃", "廣告投放"],
     ["行銷", "Photoshop", "社群經營"], (33000, 45000), 0.1, 0.0, [], "4_bachelor"),
    ("332", 4, ["業務專員", "業務代表", "房仲業務", "保險業務員", "業務助理"], ["客戶開發及維繫",
                                                                   "產品介紹", "報價及訂單處理"],
     ["業務", "銷售"], (30000, 50000), 0.05, 0.0, [], "2_senior_high"),
    ("524", 2, ["電話行銷人員", "電銷專員", "展場銷售"], ["電話推廣產品", "客戶名單管理"],
     ["電話行銷"], (28000, 40000), 0.3, 0.0, [], "2_senior_high"),
    ("242", 2, ["人資專員", "人力資源專員", "採購專員", "招募專員"], ["招募及面試安排",
                                                        "薪資及勞健保作業", "採購及廠商比價"],
     ["人資", "勞健保", "Excel"], (35000, 48000), 0.0, 0.0, [], "4_bachelor"),
    ("241", 1, ["財務專員", "財務分析師", "稽核專員"], ["財務報表分析", "資金調度", "內部稽核"],
     ["財務分析", "Excel"], (40000, 60000), 0.0, 0.0, [], "4_bachelor"),
    ("222", 2, ["護理師", "診所護理師", "居家護理師", "專科護理師"], ["病患照護", "協助醫師看診",
                                                            "衛教"], ["護理"],
     (40000, 55000), 0.2, 0.7, [("護理師證書", 0.95)], "3_associate"),
    ("325", 1, ["藥局助理", "診所助理", "醫院行政助理"], ["掛號及批價", "藥品整理",
                                                "病歷整理"], ["醫療行政"],
     (28000, 34000), 0.3, 0.3, [], "2_senior_high"),
    ("226", 1, ["藥師", "物理治療師", "營養師"], ["藥品調劑", "復健治療", "營養諮詢"],
     ["藥學"], (45000, 70000), 0.2, 0.2, [("藥師證書", 0.5)], "4_bachelor"),
    ("235", 1, ["補習班老師", "英文老師", "數學老師", "才藝老師"], ["課程教學", "學生輔導",
                                                        "教材準備"], ["教學", "英文"],
     (30000, 45000), 0.5, 0.0, [], "4_bachelor"),
    ("741", 1, ["水電技術員", "電工", "配線技術員"], ["水電配管配線", "電力設備維修"],
     ["水電"], (35000, 50000), 0.0, 0.0, [("室內配線乙級技術士", 0.5)], "2_senior_high"),
    ("723", 1, ["汽車維修技師", "機車維修技師", "冷氣維修技術員"], ["車輛保養維修",
                                                      "故障檢測", "冷氣安裝"], ["汽車修護"],
     (33000, 50000), 0.0, 0.0, [("汽車修護丙級技術士", 0.3)], "2_senior_high"),
    ("142", 1, ["店長", "儲備店長", "門市主管"], ["門市營運管理", "人員排班及訓練",
                                         "業績目標達成"], ["門市管理"],
     (38000, 55000), 0.0, 0.3, [], "2_senior_high"),
    ("141", 1, ["餐廳店長", "餐飲主管", "飯店櫃檯主管"], ["餐廳營運管理", "人員管理",
                                                "食材成本控管"], ["餐飲管理"],
     (40000, 55000), 0.0, 0.5, [], "2_senior_high"),
    ("216", 1, ["室內設計師", "建築設計師", "3D繪圖員"], ["室內空間規劃", "AutoCAD繪圖",
                                                 "3D渲染"], ["AutoCAD", "3D繪圖"],
     (35000, 55000), 0.0, 0.0, [], "4_bachelor"),
    ("265", 1, ["平面設計師", "美術設計", "影片剪輯師"], ["平面視覺設計", "影片剪輯",
                                               "廣告文宣設計"], ["Photoshop", "Illustrator"],
     (32000, 45000), 0.1, 0.0, [], "3_associate"),
    ("264", 1, ["編輯", "文字編輯", "日文翻譯人員"], ["稿件撰寫及校對", "日文翻譯", "內容企劃"],
     ["編輯", "日文"], (32000, 45000), 0.1, 0.0, [], "4_bachelor"),
    ("511", 1, ["導遊", "領隊", "旅行社線控", "旅遊專員"], ["帶團及行程解說", "旅遊行程安排",
                                                    "訂房訂票"], ["旅遊", "英文"],
     (30000, 45000), 0.2, 0.0, [("導遊執照", 0.5)], "2_senior_high"),
]
PREFIXES = ["", "", "", "", "資深", "儲備", "兼職", "約聘", "正職"]
SUFFIXES = ["", "", "", "", "（臺北市）", "（台北）", "（可兼職）", "（晚班）", "（週休二日）",
            "-信義店", "-中山店", "（大安區）", "（內湖科學園區）", "（無經驗可）"]
BOILERPLATE = ["週休二日", "周休二日", "享勞健保及勞退", "有經驗者佳", "可培訓無經驗者",
               "工作地點近捷運站", "需配合輪班", "月休8天", "年終獎金", "員工旅遊",
               "臺北市工作", "台北市工作", "三節獎金", "供餐"]
LANGUAGES = [("英文", 0.12), ("日文", 0.03), ("台語", 0.05)]
DISTRICT_WEIGHTS = {"zhongshan": 14, "daan": 13, "xinyi": 12, "neihu": 12, "songshan": 10,
                    "zhongzheng": 10, "nangang": 7, "shilin": 6, "wanhua": 5, "datong": 5,
                    "beitou": 4, "wenshan": 4}
EDUCATIONS = ["1_junior_high", "2_senior_high", "3_associate", "4_bachelor", "5_master"]


def occupation_table():
    with OCCUPATIONS_CSV.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return [(r["code"], r["name"], r["parent"] or None) for r in csv.DictReader(lines)]


def generate(n_vacancies: int, n_seekers: int, seed: int):
    rnd = random.Random(seed)
    districts = list(DISTRICT_WEIGHTS)
    d_weights = list(DISTRICT_WEIGHTS.values())
    f_weights = [f[1] for f in FAMILIES]
    vacancies = []
    for i in range(n_vacancies):
        code, _, titles, duties, skills, (lo, hi), part, shift, lics, edu = rnd.choices(
            FAMILIES, f_weights)[0]
        title = rnd.choice(PREFIXES) + rnd.choice(titles) + rnd.choice(SUFFIXES)
        desc = "、".join(rnd.sample(duties, k=min(len(duties), rnd.randint(2, 4))))
        if rnd.random() < 0.5:
            desc += "。熟悉" + "、".join(rnd.sample(skills, k=min(len(skills), 2)))
        desc += "。" + "，".join(rnd.sample(BOILERPLATE, k=rnd.randint(1, 3)))
        hours = "part_time" if rnd.random() < part else rnd.choice(
            ["full_time"] * 9 + ["either"])
        if hours == "part_time":
            kind, wmin = "hourly", rnd.randrange(176, 260)
            wmax = None if rnd.random() < 0.6 else wmin + rnd.randrange(0, 60)
        else:
            kind, wmin = "monthly", rnd.randrange(max(lo, 26400), hi, 500)
            wmax = None if rnd.random() < 0.4 else wmin + rnd.randrange(0, 15000, 1000)
        # open vacancies: posted in the last two months, 1 in 20 past its validity already
        posted = DAY - dt.timedelta(days=rnd.randrange(0, 60))
        vacancies.append(VacancyRow(
            id=i + 1, title=title, description=desc,
            occupation=None if rnd.random() < 0.03 else code,
            district=rnd.choices(districts, d_weights)[0], hours=hours,
            shifts=rnd.random() < shift, wage_kind=kind, wage_min=wmin, wage_max=wmax,
            education_min=edu if rnd.random() < 0.7 else "0_none",
            experience_min_years=rnd.choice([0, 0, 0, 0, 1, 1, 2, 3, 5]),
            licences_required=[name for name, p in lics if rnd.random() < p],
            languages=[name for name, p in LANGUAGES if rnd.random() < p],
            posted_on=posted, valid_until=(DAY - dt.timedelta(days=1) if rnd.random() < 0.05
                                           else posted + dt.timedelta(days=rnd.choice([60, 90]))),
        ))
    seekers = []
    for i in range(n_seekers):
        family = rnd.choices(FAMILIES, f_weights)[0]
        code, _, titles, _, skills, (lo, hi), part, shift, lics, _ = family
        occupations = []
        r = rnd.random()
        if r < 0.80:
            occupations.append(code)
            if rnd.random() < 0.3:
                occupations.append(rnd.choices(FAMILIES, f_weights)[0][0])
        elif r < 0.85:
            occupations.append(code[0])  # a whole major group
        elif r < 0.93:
            occupations.append(code[:2])  # a sub-major group
        title = ""
        r = rnd.random()
        if r < 0.6:
            title = rnd.choice(titles)
        elif r < 0.8:
            title = rnd.choice(titles)[:2]  # "會計", "門市": a short keyword
        seekers.append(SeekerRow(
            id=i + 1, desired_title=title,
            skills="、".join(rnd.sample(skills, k=min(len(skills), rnd.randint(0, 2)))),
            occupations=occupations,
            districts=rnd.sample(districts, k=rnd.choice([0, 1, 1, 2, 2, 3])),
            expected_wage=None if rnd.random() < 0.15 else rnd.randrange(lo, hi, 1000),
            hours=rnd.choices(["full_time", "part_time", "either"], [60, 20, 20])[0],
            shifts_ok=rnd.random() < 0.4, education=rnd.choice(EDUCATIONS),
            experience_years=rnd.randrange(0, 11),
            licences=[name + ("" if rnd.random() < 0.5 else "（有效）") for name, p in lics
                      if rnd.random() < p * 0.8],
            languages=[name for name, p in LANGUAGES if rnd.random() < p * 2],
            registered_on=DAY - dt.timedelta(days=rnd.randrange(0, 200)),
        ))
    return vacancies, seekers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vacancies", type=int, default=150_000)
    parser.add_argument("--seekers", type=int, default=60_000)
    parser.add_argument("--single", type=int, default=500, help="seekers timed one by one (a)")
    parser.add_argument("--exact-every", type=int, default=1,
                        help="brute force on every K-th seeker in (b), time scaled by K")
    parser.add_argument("--processes", type=int, default=2,
                        help="processes for (b), the index's run and the brute force's alike")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    day = DAY.toordinal()
    k = args.limit

    t0 = time.perf_counter()
    vacancy_rows, seeker_rows = generate(args.vacancies, args.seekers, args.seed)
    print(f"generated {len(vacancy_rows):,} vacancies and {len(seeker_rows):,} seekers "
          f"in {time.perf_counter() - t0:.1f} s (seed {args.seed}, day {DAY})")
    occupations = Occupations(occupation_table())
    districts = Districts(code for code, *_ in DISTRICTS["taipei"])
    index = VacancyIndex(vacancy_rows, occupations, districts)
    valid = int(((index.posted <= day) & (index.until >= day)).sum())
    print(f"index built in {index.build_seconds:.1f} s: {index.n:,} vacancies ({valid:,} valid "
          f"on the day), {len(index.titles.distinct):,} distinct titles, "
          f"{len(index.descriptions.distinct):,} distinct descriptions, "
          f"{len(index.vocabulary):,} tokens")

    # (a) one seeker at a time
    rnd = random.Random(args.seed + 1)
    sample = rnd.sample(seeker_rows, min(args.single, len(seeker_rows)))
    fast_ms, exact_ms = [], []
    rounds: dict[int, int] = {}
    scored = 0
    for seeker in sample:
        stats: dict = {}
        t = time.perf_counter()
        index.top(index.encode(seeker), k, day, stats)
        fast_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        index.brute_force(index.encode(seeker), k, day)
        exact_ms.append((time.perf_counter() - t) * 1000)
        rounds[stats["rounds"]] = rounds.get(stats["rounds"], 0) + 1
        scored += stats["scored"]
    med, med_exact = statistics.median(fast_ms), statistics.median(exact_ms)
    p95 = float(np.percentile(fast_ms, 95))
    print(f"(a) top {k} for one seeker, {len(sample)} seekers: median {med:.2f} ms, "
          f"p95 {p95:.2f} ms, max {max(fast_ms):.2f} ms; brute force median {med_exact:.2f} ms; "
          f"ratio {med / med_exact:.2f} (budget 50 ms median: {'holds' if med < 50 else 'MISSED'})")
    print("    rounds of the walk: " + ", ".join(f"{r}: {n}" for r, n in sorted(rounds.items()))
          + f"; {scored / len(sample):,.0f} vacancies scored per seeker on average "
          f"(of {index.n:,})")

    # (b) every seeker, index then brute force, each on --processes processes
    procs = max(1, args.processes)
    t = time.perf_counter()
    fast_results = top_many(index, seeker_rows, k, day, processes=procs)
    fast_total = time.perf_counter() - t
    print(f"(b) top {k} for every one of {len(seeker_rows):,} seekers on {procs} process"
          f"{'es' if procs > 1 else ''}: {fast_total:.1f} s "
          f"({fast_total / len(seeker_rows) * 1000 * procs:.2f} ms per seeker and process; "
          f"budget 60 s: {'holds' if fast_total < 60 else 'MISSED'})")

    every = max(1, args.exact_every)
    checked = seeker_rows[::every]
    t = time.perf_counter()
    exact_results = top_many(index, checked, k, day, processes=procs, exact=True)
    exact_total = (time.perf_counter() - t) * every
    recall_sum, identical = 0.0, 0
    for fast, exact_rows in zip(fast_results[::every], exact_results, strict=True):
        if len(exact_rows) == 0:
            recall_sum += 1.0
        else:
            recall_sum += len(set(exact_rows.tolist()) & set(fast.tolist())) / len(exact_rows)
        identical += bool(np.array_equal(exact_rows, fast))
    recall = recall_sum / len(checked)
    scaled = f" (measured on every {every}th seeker, scaled by {every})" if every > 1 else ""
    print(f"    brute force over the same pairs, same processes{scaled}: {exact_total:.1f} s; "
          f"ratio index / brute force {fast_total / exact_total:.3f} "
          f"({exact_total / fast_total:.1f}x faster)")
    print(f"    recall@{k} against the brute force: {recall:.4f} over {len(checked):,} seekers; "
          f"identical ranked lists: {identical:,} ({identical / len(checked):.1%})")
    ok = recall >= 0.99 and med < 50 and fast_total < 60
    print("result:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
