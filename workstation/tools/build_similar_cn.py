"""Build a Chinese evaluation set for the similar-case engine (相似案卷判断) on the demo city.

Every row is one report of a problem in the demo city (济南市历下区, resources/city/demo) as one of
five channels files it: a collector (采集员: terse, formal, GPS point), the 12345 hotline (a seat
writes down what the caller said and geocodes the door number or crossing the caller named, or
leaves the point empty for "解放东路社区门口"), the public on WeChat (公众上报: colloquial, phone GPS,
sometimes a photo only), video AI (视频识别: the camera at a crossing) and IoT sensors (物联网: the
device's place). Places are real names of the demo city found through its geocoder (door numbers,
crossings, 社区), categories are 小类 ids of the catalogue.

What makes it a test rather than a demo:
- about 12.5 % planted duplicates: later reports of a problem (groups of 2–5), each written by a
  different kind of reporter with other words for the thing (everyday keywords of the catalogue plus
  the synonym lists below), another way of naming the place, a point 3–60 m off (or none), minutes
  to 30 hours later, and now and then filed under a related 小类 of the same 大类 (污水井盖 for
  雨水井盖). duplicate_of is the first report of the problem; a 部件 keeps its component id.
- about 30 % of the other reports are hard negatives: the same 小类 40–150 m down the same road
  (another manhole 15–40 m away, with its own component id), the same street vendor at the same
  crossing the next day, another 小类 at the very same spot, the same hotline caller with another
  problem.
- the rest are random problems, weighted towards the common 小类, with a daily rhythm per channel
  (collectors work day shifts, night construction noise is reported at night, a rain storm on the
  second afternoon floods crossings).

    python -m workstation.tools.build_similar_cn --out /tmp/similar_cn.csv [--cases 2000] [--seed 7]

The first ten columns are the measurement format also used for the Chicago 311 data; `component`
is a 16-digit 部件 code (区 6 + 大类 2 + 小类 2 + serial 6), `caller` the hotline caller's number.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from workstation.domain.catalogue import Catalogue
from workstation.domain.city import METRES_PER_DEGREE_LAT, Camera, City, Collector, Device, Road
from workstation.domain.models import Category, GeoPoint, PlaceKind
from workstation.domain.places import search

COLUMNS = ("id", "created_at", "category", "lat", "lon", "address", "text", "source", "duplicate_of",
           "is_duplicate", "component", "caller")
COLLECTOR, HOTLINE, PUBLIC, VIDEO, IOT = "采集员", "12345热线", "公众上报", "视频识别", "物联网"
SOURCES = (COLLECTOR, HOTLINE, PUBLIC, VIDEO, IOT)

START = datetime(2026, 11, 2)  # a Monday
END = START + timedelta(days=3)
DUPLICATE_SHARE = 0.125  # of all cases
HARD_SHARE = 0.30  # of the cases that are not duplicates
RELATED_SHARE = 0.12  # of duplicates whose 小类 has related ones: filed under one of those instead
DEVICE_SHARE = 0.06  # of problems: found by an IoT device (smart manhole, bin, water level)
GENERIC_SHARE = 0.10  # of problems: one of the ~140 less common 小类, worded from the catalogue itself
NO_GPS_SHARE = 0.05  # public reports without a point
EMPTY_TEXT_SHARE = 0.11  # public reports that are a photo only
MIN_GAP = timedelta(minutes=3)

# Relative reports per hour of day, per channel (collectors work 8–12 and 14–18).
_HOURS = {
    COLLECTOR: (0, 0, 0, 0, 0, 0, 0, 0.1, 1, 1, 1, 1, 0.3, 0.3, 1, 1, 1, 1, 0.2, 0, 0, 0, 0, 0),
    HOTLINE: (0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 2.5, 5.5, 7, 7, 6.5, 5, 4.5, 6, 6.5, 6.5, 6, 5.5, 5, 4, 3, 1.8, 1),
    PUBLIC: (0.6, 0.4, 0.2, 0.1, 0.1, 0.3, 0.8, 2, 4, 5, 5, 5, 5.5, 4.5, 4.5, 5, 5, 5.5, 6, 6.5, 6.5, 5.5, 3.5, 1.5),
    VIDEO: (0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5),
    IOT: (1,) * 24,
}
_FIRST_SOURCE = {COLLECTOR: 0.45, HOTLINE: 0.25, PUBLIC: 0.20, VIDEO: 0.5}
_LATER_SOURCE = {HOTLINE: 0.35, PUBLIC: 0.30, COLLECTOR: 0.22, VIDEO: 0.13, IOT: 0.3}

_NIGHT = frozenset((21, 22, 23, 0, 1, 2, 3, 4))
_DARK = frozenset((17, 18, 19, 20, 21, 22, 23, 0, 1, 5, 6))
_EVENING = frozenset((17, 18, 19, 20, 21, 22, 23, 0, 1))
_TRADING = frozenset(range(6, 23))
_RAIN = (38.0, 44.0)  # hours after START: the storm of the second afternoon

_GENERIC_EFFECTS = "影响市容|存在安全隐患|影响通行|好几天了也没人管"
_GENERIC_SHOUTS = "太难看了|麻烦处理一下|这都多久了|看着就闹心"


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|")) if text else ()


# --- how reporters word a problem ---------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One kind of problem of a 小类 (a missing manhole cover, a broken one) and its words.

    formal: a collector's noun phrase ("暴露垃圾"); spoken: a caller's clause that follows a place
    ("有一堆垃圾"); measures: what a collector adds ("约{a}平方米"); effects: what a caller complains
    of; shouts: a WeChat post's outcry; video: labels of the AI; alarms: an IoT device's message.
    Placeholders: {t}/{s} formal/spoken name of the thing, {o} an object, {a} {n} {l} {d} {k} {c} {p}
    numbers of the problem (area, count, length, depth, vehicles, diameter, percent)."""

    formal: tuple[str, ...]
    spoken: tuple[str, ...]
    measures: tuple[str, ...] = ("",)
    effects: tuple[str, ...] = _split(_GENERIC_EFFECTS)
    shouts: tuple[str, ...] = _split(_GENERIC_SHOUTS)
    video: tuple[str, ...] = ()
    alarms: tuple[str, ...] = ()
    hours: frozenset[int] | None = None  # when it is noticed (a dark street lamp at night)


def _f(formal: str, spoken: str, measures: str = "", effects: str = _GENERIC_EFFECTS,
       shouts: str = _GENERIC_SHOUTS, video: str = "", alarms: str = "", hours: frozenset[int] | None = None) -> Facet:
    return Facet(_split(formal), _split(spoken), _split(measures) or ("",), _split(effects), _split(shouts),
                 _split(video), _split(alarms), hours)


@dataclass(frozen=True)
class Profile:
    """A 小类 as reporters see it."""

    category: str
    weight: float
    facets: tuple[Facet, ...]
    related: tuple[str, ...] = ()  # 小类 of the same 大类 a second reporter may file it under
    action: str = "处理"
    recurring: bool = False  # comes back at the same spot (vendors, parked bikes, a full bin)
    component: str | None = None  # the 部件 小类 whose id the reports carry
    component_share: float = 1.0
    inner: bool = False  # inside a block (楼下, 小区), not at the kerb
    things: tuple[str, ...] = ()  # {t}
    spoken_things: tuple[str, ...] = ()  # {s}
    objects: tuple[str, ...] = ()  # {o}
    window: tuple[float, float] | None = None  # hours after START when it happens
    max_gap: float = 30.0  # hours between the first and the last report of one problem
    keys: tuple[str, ...] = ()  # catalogue keyword entries to add to the formal words
    generic: bool = False


def _p(category: str, weight: float, *facets: Facet, related: str = "", **options: object) -> Profile:
    return Profile(category, weight, facets, related=_split(related), **options)  # type: ignore[arg-type]


_MANHOLE_SPOKEN = _split("井盖|下水道井盖|窨井盖|马路上的井盖|下水井盖|井盖子")
_MANHOLE_FACETS = (
    _f("{t}缺失|{t}丢失|{t}缺失，井口裸露|{t}被盗",
       "{s}没了|{s}被人偷了|{s}不见了，就剩个黑窟窿|有个井口没盖子|有个井口敞着",
       "|，井口直径约{c}0厘米|，未设置警示|，现场已设置临时围挡",
       "晚上路过特别危险|怕有小孩掉进去|有人放了根树枝当记号|电动车差点掉进去",
       "井盖没了！！太危险了|这么大个窟窿没人管？|井口敞着，要出人命了",
       alarms="井盖开启|井盖异常打开|井盖开启，{n}0分钟未复位"),
    _f("{t}破损|{t}破裂|{t}开裂|{t}破损，存在安全隐患",
       "{s}碎了|{s}裂了好几道缝|{s}破了个洞|{s}坏了",
       "|，破损面积约{a}0平方厘米|，裂缝长约{l}0厘米",
       "踩上去直晃|车压过去咣当响|怕哪天塌下去",
       "井盖碎了没人修|井盖裂成这样太吓人了",
       alarms="井盖倾斜，倾角{d}°|井盖状态异常"),
    _f("{t}移位|{t}松动|{t}松动异响|{t}与路面高差过大",
       "{s}翘起来了|{s}一踩就翻|车一压{s}就咣咣响|{s}歪了，没盖严",
       "|，高差约{d}毫米",
       "晚上车一过声音特别大，吵得睡不着|骑车过去差点摔倒",
       "井盖天天咣咣响，烦死了|井盖都翘起来了",
       alarms="井盖位移|井盖震动异常|井盖倾斜，倾角{d}°"),
)
_MANHOLES = {
    "BJ0101": (1.0, "上水井盖|自来水井盖|给水井盖"), "BJ0102": (2.2, "污水井盖|污水检查井盖"),
    "BJ0103": (2.2, "雨水井盖|雨水检查井盖"), "BJ0106": (0.4, "路灯井盖|路灯检修井盖"),
    "BJ0110": (0.4, "热力井盖|暖气井盖"), "BJ0111": (0.3, "燃气井盖|天然气井盖"),
    "BJ0114": (0.2, "园林井盖|绿化井盖"), "BJ0118": (0.3, "化粪池井盖"), "BJ0123": (1.5, "井盖|不明井盖"),
}


def _common_profiles() -> list[Profile]:
    manholes = [Profile(category, weight, _MANHOLE_FACETS, related=tuple(c for c in _MANHOLES if c != category),
                        action="维修", component=category, things=_split(things), spoken_things=_MANHOLE_SPOKEN)
                for category, (weight, things) in _MANHOLES.items()]
    return manholes + [
        _p("SJ0110", 10,
           _f("暴露垃圾|暴露生活垃圾|生活垃圾暴露|散落生活垃圾|打包垃圾随意堆放|乱倒生活垃圾",
              "有一堆垃圾|有一大堆生活垃圾|有人乱扔垃圾|扔了好多垃圾袋|垃圾扔了一地|有一堆没人收的垃圾袋",
              "约{a}平方米|约{n}袋|，面积约{a}㎡|约{n}包，面积约{a}平方米",
              "好几天没人清理|气味很大|招了很多苍蝇|味道熏人|野猫把袋子都扒开了|影响行人通行",
              "垃圾堆成山了|垃圾扔得到处都是|臭死了|这垃圾都堆好几天了|脏乱差到极点了",
              video="暴露垃圾|垃圾堆放|地面垃圾"),
           related="SJ0111|SJ0192|SJ0112|SJ0117", action="清理"),
        _p("SJ0192", 7,
           _f("垃圾满溢|垃圾桶满溢|垃圾箱满冒|果皮箱满溢|垃圾收集点满溢",
              "垃圾桶满了|垃圾桶都冒尖了|垃圾箱装不下了，往外溢|垃圾桶满得溢出来|垃圾桶周围全是垃圾",
              "|，周边散落垃圾约{a}平方米|，溢出约{n}袋|，桶外堆放约{n}袋",
              "一直没人来清运|垃圾掉得满地都是|味道很大|已经满了一整天了",
              "垃圾桶又满了|垃圾桶冒尖了|满得都塞不进去了|天天这样没人收",
              video="垃圾桶满溢|垃圾满溢", alarms="满溢告警，满溢度{p}%|满溢度{p}%，超过阈值|桶满告警（满溢度{p}%）"),
           related="SJ0110", action="清运", recurring=True, component="BJ0305", component_share=0.7),
        _p("SJ0111", 2.5,
           _f("积存建筑垃圾|装修垃圾堆积|积存渣土|建筑垃圾乱倒|积存垃圾渣土",
              "有一堆装修垃圾|堆了好多碎砖头|有人倒了一堆建筑垃圾|有一大堆渣土",
              "约{a}立方米|约{n}袋装修垃圾|，面积约{a}平方米",
              "堆了快一个星期了|占了半条人行道|一刮风就起灰",
              "谁家装修垃圾直接倒路边了|渣土堆成小山了"),
           related="SJ0110|SJ0136", action="清运"),
        _p("SJ0112", 2,
           _f("道路不洁|路面不洁|路面油污|路面散落垃圾|路面积尘",
              "路面特别脏|地上全是烟头纸屑|路上一层油污|马路上全是泥",
              "约{l}0米|，长约{l}0米", "环卫工好久没来扫了|走路都粘脚|一过车就起灰",
              "这条路脏得没法走|满地都是垃圾"),
           related="SJ0110", action="清扫"),
        _p("SJ0113", 5,
           _f("道路破损|路面破损|沥青路面破损|路面开裂|机动车道破损",
              "路面坏了一大块|马路破了个大口子|路面裂开了|路面坑坑洼洼的",
              "约{a}平方米|，破损面积约{a}㎡|，裂缝长约{l}米",
              "车经过很颠|晚上看不清容易摔跤|电动车经常在这儿摔",
              "这路烂成这样了|路面破成这样没人修吗"),
           _f("路面坑槽|道路坑洼|路面坑凹不平|道路坑槽",
              "路中间有个大坑|有好几个坑|路上有个坑|路面陷下去一个坑",
              "，深约{d}厘米|约{a}平方米|，坑深约{d}cm",
              "下雨积水看不见，车轮掉进去|已经有人骑车摔倒了|车胎都颠坏了",
              "这坑能养鱼了|大坑！！小心|天天颠得要命"),
           related="SJ0179", action="维修"),
        _p("SJ0136", 4.5,
           _f("乱堆物料|乱堆乱放|堆物堆料|占道堆放杂物|乱堆杂物",
              "堆了一堆杂物|乱七八糟的东西堆在路边|堆了很多木板砖头|有人把东西堆在人行道上",
              "约{a}平方米|，占用人行道约{l}米|，约{a}㎡",
              "把人行道都占了|推婴儿车过不去|存在安全隐患",
              "人行道堆满了杂物|东西乱堆根本走不过去", video="乱堆物料|占道堆物"),
           related="SJ0111|SJ0135", action="清理"),
        _p("SJ0135", 1.5,
           _f("废弃家具|废旧家具占道|废弃沙发|废弃床垫",
              "扔了一个旧沙发|有个破床垫|扔了几个旧柜子|有人扔了旧家具",
              "|约{n}件", "放了好几天没人拉走|挡着路了", "谁扔的破沙发|旧家具扔路边了"),
           related="SJ0136", action="清运"),
        _p("SJ0201", 5.5,
           _f("非法小广告|乱贴小广告|张贴小广告|喷涂小广告|乱涂乱画",
              "{o}上贴满了小广告|{o}上全是牛皮癣|有人在{o}上喷小广告|到处贴着办证开锁的广告",
              "，{o}上约{n}张|约{n}处|，{o}上约{n}处", "刚清理完又贴上了|影响市容|贴得密密麻麻",
              "牛皮癣又贴满了|{o}上全是小广告"),
           related="SJ0207|SJ0202", action="清理", objects=_split("电线杆|配电箱|墙面|公交站牌|路灯杆")),
        _p("SJ0202", 1,
           _f("街头散发广告|散发小广告|散发传单", "有人发传单|有人拦路发小卡片|有人往车上塞小广告",
              "|，约{n}人", "一直拦着行人|传单扔了一地", "发传单的又来了", hours=_TRADING),
           related="SJ0201", action="劝离", recurring=True),
        _p("SJ0207", 1,
           _f("擅自悬挂横幅|私挂条幅|违规悬挂标语", "挂了个大横幅|拉了条幅|树上挂着广告条幅",
              effects="挡着视线|风一吹呼呼响", shouts="横幅挂得乱七八糟"),
           related="SJ0201", action="拆除"),
        _p("SJ0301", 3.5,
           _f("施工扰民|夜间施工噪音|夜间违规施工|施工噪音扰民",
              "晚上还在施工|半夜还在施工|工地晚上特别吵|挖掘机一直在响|夜里还在打桩",
              "|，现场{n}台机械作业|，噪音较大", "吵得睡不着觉|家里老人孩子没法休息|都几点了还在干",
              "大半夜施工还让不让人睡了|吵死了|天天半夜施工", hours=_NIGHT),
           action="查处"),
        _p("SJ0302", 1,
           _f("施工占道|施工围挡占道|施工占用人行道", "工地把路占了一半|施工把人行道围起来了|施工的把车道占了",
              "约{l}0米|，占道约{a}0平方米", "早晚高峰堵得厉害|行人只能走马路", "施工占道堵死了"),
           related="SJ0306"),
        _p("SJ0304", 1.5,
           _f("工地扬尘|施工扬尘|工地未采取防尘措施|工地裸土未覆盖",
              "工地尘土飞扬|工地灰特别大|工地一刮风全是土", "", "窗户都不敢开|车上落满灰", "灰大得睁不开眼"),
           related="SJ0312|SJ0306", action="查处"),
        _p("SJ0306", 1.5,
           _f("施工物料乱堆放|建材未覆盖|施工物料占道堆放",
              "工地的沙子石子堆在路边|钢管堆在人行道上|沙土没盖就堆在路上",
              "约{a}平方米|，长约{l}米", "一刮风全是沙|挡着路", "沙子堆一路"),
           related="SJ0302|SJ0305"),
        _p("SJ0401", 5,
           _f("流动摊贩|无照经营游商|游商经营|流动商贩占道",
              "有小商贩|有卖水果的三轮车|有推车卖烤地瓜的|有摆摊卖菜的小贩|有好几个流动小贩",
              "|，约{n}辆三轮车|，约{n}个摊点", "堵得车都过不去|早晚高峰特别乱|一来检查就跑",
              "小贩又来了|卖菜的把路堵死了", video="流动摊贩|游商", hours=_TRADING),
           related="SJ0406|SJ0405", action="取缔", recurring=True),
        _p("SJ0406", 6,
           _f("占道经营|占道摆摊|占用人行道经营|摆摊设点",
              "有摆地摊的|有人占道摆摊|有人在路边摆摊卖东西|有好几个摊子占着人行道",
              "约{a}平方米|，摊位约{n}个|，约{n}个摊位", "人行道都占满了|行人只能走机动车道|晚上还有油烟",
              "人行道全是摆摊的|摊子都摆到马路上了", video="占道经营|摆摊", hours=_TRADING),
           related="SJ0401|SJ0405|SJ0492", action="取缔", recurring=True),
        _p("SJ0405", 3.5,
           _f("店外经营|出店经营|跨门营业|店外摆放商品",
              "商店把货摆到门外了|饭店在门口摆桌子|水果店东西摆满人行道|店门口堆着货",
              "，占道约{a}平方米|约{a}平方米", "行人没法走|说了好几次也不改", "店家把人行道当自己家了",
              video="店外经营|出店经营", hours=_TRADING),
           related="SJ0406", recurring=True),
        _p("SJ0410", 5,
           _f("非机动车乱停放|非机动车违停|电动车乱停乱放|自行车乱停放",
              "电动车乱停|停了一大片电动车|自行车乱停乱放|电瓶车把路堵了|违章停车挡路",
              "约{k}辆|，约{k}辆", "盲道都被堵了|人都过不去|消防通道都堵了",
              "电动车停得乱七八糟|违停没人管吗", video="非机动车乱停放|非机动车违停"),
           related="SJ0493", action="整治", recurring=True),
        _p("SJ0493", 2.5,
           _f("共享单车乱停放|共享单车未规范停放|共享单车堆积",
              "共享单车堆了一大片|共享单车倒了一地|一堆小黄车乱停|单车乱停挡路",
              "约{k}辆", "堵住了路口|倒了一地没人扶", "共享单车堆成山了", video="共享单车乱停放"),
           related="SJ0410", action="清理", recurring=True, keys=("SJ0493-02",)),
        _p("SJ0404", 0.8,
           _f("占道废品收购|废品收购点占道|占道堆放废品", "收废品的把东西堆在路边|收破烂的占着人行道",
              "约{a}平方米", "又脏又乱|味道难闻", "收破烂的堆了一路"),
           related="SJ0406", action="取缔", recurring=True),
        _p("SJ0129", 1.5,
           _f("露天烧烤|占道烧烤|露天烧烤油烟", "有人在路边烧烤|有个烧烤摊|有人摆桌子烤串",
              "|，约{n}张桌子", "油烟呛得窗户都不敢开|喝酒划拳吵到半夜", "烧烤摊油烟太大了|天天烤串熏死人",
              hours=_EVENING),
           action="取缔", recurring=True),
        _p("SJ0128", 1.5,
           _f("商业噪音|高音喇叭招揽顾客|门店音响扰民", "店门口喇叭一直喊|音响开得特别响|店里放音乐特别吵",
              "", "一天到晚循环播放|吵得头疼", "喇叭吵死了", hours=_TRADING),
           action="查处"),
        _p("SJ0108", 1.5,
           _f("飞线充电|私拉电线充电|私拉乱接电线", "有人从楼上扯电线给电动车充电|楼下有人飞线充电|有人私拉电线充电",
              "", "很危险容易着火|电线就耷拉在头顶", "又有人飞线充电了"),
           related="SJ0180", inner=True),
        _p("SJ0503", 2.5,
           _f("排水管道堵塞|污水外溢|下水道堵塞|雨污水外溢", "下水道堵了|下水道往外冒水|污水冒出来了|下水道返水",
              "|，外溢面积约{a}平方米", "臭气熏天|污水流得满路都是", "下水道又冒了，臭死了"),
           related="SJ0501|SJ0506", action="疏通", keys=("SJ0503-01",)),
        _p("SJ0501", 1,
           _f("供水管道破裂|自来水管破裂跑水|供水管道漏水", "水管爆了|地下往外冒清水|自来水哗哗往外流",
              "|，漏水面积约{a}平方米", "水流了一地|浪费太严重了", "水管爆了！！"),
           related="SJ0503", action="维修"),
        _p("SJ0506", 2.5,
           _f("道路积水|路面积水|低洼处积水", "积水很深|路上全是水|水都没过脚脖子了|积了一大片水",
              "，积水深约{d}厘米|，面积约{a}0平方米", "车过去溅行人一身|行人根本过不去|车都熄火了",
              "又成海了|看海模式开启", video="道路积水|路面积水",
              alarms="水位{d}厘米，超过预警值15厘米|水位超限，当前{d}cm|积水告警，水深{d}厘米"),
           related="SJ0503", action="排水", window=_RAIN, max_gap=5.0),
        _p("SJ0508", 1,
           _f("架空线缆脱落|线缆垂落|通信线缆下垂", "电线掉下来了|有根线耷拉到地上|电线垂得很低",
              "", "怕有人碰到|挂到车了", "电线都掉下来了太危险")),
        _p("SJ0137", 0.8,
           _f("动物尸体|死猫|死狗", "有只死猫|躺着一只死狗|有只死老鼠", "", "很恶心|已经有味了", "死猫没人收"),
           action="清理"),
        _p("SJ0130", 1,
           _f("乱倒污水|商户乱排污水|向雨水井倾倒污水", "饭店往下水道倒泔水|有人往路边倒脏水|店里往外排污水",
              "", "味道很难闻|地上油乎乎的", "天天往路上倒脏水"),
           related="SJ0131", action="查处"),
        _p("SJ0131", 0.8,
           _f("餐厨垃圾遗撒|倾倒餐厨垃圾|雨水篦子上倾倒饭渣", "饭店把剩饭剩菜倒在路边|雨水篦子上全是饭渣|泔水洒了一地",
              "", "招老鼠|味道难闻", "剩饭剩菜倒一地"),
           related="SJ0130|SJ0110", action="清理"),
        _p("SJ0117", 1,
           _f("绿地脏乱|绿地内垃圾|绿化带内垃圾", "绿化带里全是垃圾|草坪里扔了很多塑料袋|绿地里有狗屎和垃圾",
              "约{a}平方米", "好久没人打扫|影响环境", "绿化带成垃圾场了"),
           related="SJ0118|SJ0110", action="清理"),
        _p("SJ0118", 0.8,
           _f("绿化弃料|修剪枝叶未清运|树枝堆放", "剪下来的树枝堆在路边|绿化修剪的枝叶没拉走",
              "约{a}平方米|约{n}堆", "堆了好几天|挡着道", "树枝堆一路"),
           related="SJ0117", action="清运"),
        _p("SJ0120", 0.8,
           _f("焚烧树叶|焚烧垃圾|露天焚烧", "有人烧树叶|有人烧垃圾冒黑烟|有人在空地上烧东西",
              "", "烟特别呛|窗户都不敢开", "又有人烧垃圾，呛死了"),
           action="制止"),
        _p("SJ0184", 0.8,
           _f("违规养犬|遛狗不牵绳|犬只扰民", "有人遛狗不牵绳|有条大狗没拴|狗一直叫", "", "吓到小孩|狗屎到处都是",
              "遛狗不拴绳太吓人"), inner=True),
        _p("SJ0196", 0.8,
           _f("私设地锁|私设地桩|私设停车杆", "有人装了地锁|有人在路边装了好几个地桩|商户私自装了停车杆",
              "|约{n}个", "把公共车位占了|晚上容易绊倒", "公共车位被私人地锁占了"),
           action="拆除"),
        _p("SJ0496", 0.8,
           _f("占用消防通道|堵塞消防通道|消防通道违停", "消防通道被车堵了|消防通道停满了车|消防通道堆了很多东西",
              "|，约{k}辆", "万一着火消防车进不来|说了好几次不听", "消防通道堵死了"),
           related="SJ0410", inner=True),
        _p("BJ0104", 1.5,
           _f("雨水箅子缺失|雨水篦子丢失|雨箅子缺失", "路边的下水篦子没了|下水口的铁箅子丢了|雨水篦子被偷了",
              "|，未设置警示", "车轮容易掉进去|晚上很危险", "篦子没了，小心脚下"),
           _f("雨水箅子堵塞|雨水篦子被垃圾堵塞|雨箅子堵塞", "下水口被树叶堵住了|路边的篦子全是垃圾|下水篦子堵了",
              "|，堵塞面积约{n}0%", "一下雨就积水|水下不去", "下水口堵得死死的"),
           related="BJ0103", action="维修", component="BJ0104"),
        _p("BJ0137", 4,
           _f("路灯不亮|路灯缺亮|单盏路灯不亮|路灯故障不亮",
              "路灯不亮|路灯坏了|路灯黑着|好几盏路灯都不亮|晚上路灯全黑",
              "|，约{n}盏|，连续{n}盏", "晚上走路看不见|黑灯瞎火的不安全|已经好几天了",
              "路灯又不亮了|黑得伸手不见五指", hours=_DARK),
           _f("路灯灯罩破损|路灯杆倾斜|路灯电线裸露|路灯检修门缺失",
              "路灯杆歪了|灯罩掉下来了|路灯底座的小门没了，电线露在外面", "", "怕砸到人|怕小孩触电", "路灯杆都歪了"),
           related="BJ0139|BJ0138", action="维修", component="BJ0137"),
        _p("BJ0305", 1.5,
           _f("垃圾箱破损|果皮箱破损|垃圾桶破损|垃圾桶缺失", "垃圾桶坏了|垃圾桶被砸了个洞|垃圾桶没了|垃圾箱盖子掉了",
              "", "垃圾漏一地|扔垃圾都没地方", "垃圾桶烂成这样了"),
           _f("垃圾箱倾倒|垃圾桶倾倒|垃圾箱未按位置摆放", "垃圾桶倒了|垃圾桶被推到路中间了", "",
              "垃圾撒了一地|挡着路", "垃圾桶倒了没人扶"),
           action="维修", component="BJ0305"),
        _p("BJ0402", 1.5,
           _f("行道树倒伏|树木倒伏|行道树倾斜", "树倒了|大树歪倒在路上|一棵树快倒了", "",
              "挡住了路|砸到车了|风一吹更歪了", "树倒了！！小心"),
           _f("行道树断枝|树枝折断悬挂|断枝悬挂", "树枝断了挂在上面|一根大树枝掉下来了|树杈断了耷拉着", "",
              "随时可能掉下来砸到人|挡住了人行道", "断树枝悬在头顶太吓人"),
           related="BJ0401", component="BJ0402"),
        _p("BJ0284", 2,
           _f("人行道地砖松动|人行道步砖松动|便道砖松动", "人行道的砖松了|地砖一踩就冒泥水|人行道砖翘起来了",
              "约{a}平方米|，约{n}块", "下雨天一踩一脚泥|老人容易绊倒", "人行道砖全松了"),
           _f("人行道破损|便道砖缺失|人行道地砖破损", "人行道坑坑洼洼|人行道少了好几块砖|人行道砖碎了",
              "约{a}平方米", "推车过不去|容易崴脚", "人行道烂成这样"),
           related="BJ0286|BJ0285", action="维修", component="BJ0284"),
        _p("BJ0217", 1,
           _f("交通护栏倒伏|交通护栏破损|护栏移位|隔离护栏变形", "马路中间的栏杆倒了|护栏被车撞歪了|隔离栏倒了一片",
              "约{l}米|，长约{l}米", "影响通行很危险|车得绕着走", "护栏倒了一地"),
           related="BJ0221", action="维修", component="BJ0217"),
        _p("BJ0204", 1,
           _f("公交站亭破损|站亭广告玻璃破碎|公交站牌倾斜", "公交站的玻璃碎了|站牌歪了|候车亭顶棚坏了", "",
              "玻璃渣子到处都是|等车的人没地方躲雨", "公交站玻璃碎一地"),
           action="维修", component="BJ0204"),
        _p("BJ0307", 0.6,
           _f("牌匾标识破损|店招倾斜|牌匾松动", "店铺招牌快掉下来了|广告牌歪了|门头招牌松了", "",
              "风大了怕砸到人", "招牌要掉了"),
           related="BJ0306", component="BJ0307"),
        _p("BJ0221", 0.5,
           _f("便道桩缺失|便道桩倾倒|阻车桩损坏", "路边的石墩子倒了|隔离桩被撞歪了|挡车的柱子没了",
              "|约{n}根", "车都开上人行道了", "挡车桩又被撞倒了"),
           related="BJ0220", action="维修", component="BJ0221"),
        _p("BJ0301", 0.5,
           _f("公共厕所环境脏乱|公厕异味明显|公厕设施破损", "公厕特别脏|厕所臭得进不去|公厕水龙头坏了", "",
              "好久没人打扫|老远就能闻到味", "这厕所根本没法用"),
           component="BJ0301", inner=True),
    ]


# Everyday words for the state of a 部件 in a condition of the standard, for the less common 小类.
_SPOKEN_STATES = (
    ("缺失", "没了"), ("丢失", "丢了"), ("破损", "坏了"), ("损坏", "坏了"), ("倾斜", "歪了"), ("倾倒", "倒了"),
    ("倒地", "倒在地上了"), ("折断", "断了"), ("锈蚀", "锈得厉害"), ("外观不洁", "脏得不行"), ("不洁", "很脏"),
    ("缺亮", "不亮了"), ("不亮", "不亮了"), ("漏水", "一直漏水"), ("废弃", "废弃了没人管"), ("变形", "变形了"),
    ("门未关闭", "门一直开着"), ("内容错误", "上面写错了"), ("脏乱", "脏乱差"), ("积水", "积水了"), ("堵塞", "堵了"),
)


def _generic_profile(category: Category, weight: float) -> Profile:
    """Words for a less common 小类 from its name and its 立案条件."""
    name = category.small_name.split("（")[0].split("(")[0]
    facets = []
    for condition in category.conditions[:3]:
        first = condition.text
        for mark in "，,；;（(。":
            first = first.split(mark)[0]
        first = first.split("、")[0][:14]
        if category.id.startswith("BJ"):
            state = next((spoken for word, spoken in _SPOKEN_STATES if word in condition.text), "有问题")
            formal = f"{name}{first}" if not first.startswith(name) else first
            facets.append(_f(f"{formal}|{name}{first}", f"{name}{state}|有个{name}{state}"))
        else:
            facets.append(_f(f"{name}|{first}" if first and first != name else name,
                             f"有{name}的情况|存在{name}问题|发现有{name}"))
    return Profile(category.id, weight, tuple(facets), component=category.id if category.id.startswith("BJ") else None,
                   generic=True)


# --- the streets of the demo city ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Crossing:
    other: str
    along: float  # metres from the road's start
    point: GeoPoint
    camera: Camera | None


@dataclass(frozen=True)
class _Line:
    road: Road
    x0: float
    y0: float
    ux: float  # unit vector from start to end, metres
    uy: float
    length: float

    @property
    def east_west(self) -> bool:
        return abs(self.ux) >= abs(self.uy)

    @property
    def last_number(self) -> int:
        return round(self.length / 10) + 1


@dataclass(frozen=True)
class _Poi:
    name: str
    along: float
    number: int


@dataclass(frozen=True)
class Spot:
    """Where a problem is, and every name a reporter may give the place."""

    point: GeoPoint
    road: str
    along: float
    left: bool  # north of an east-west road, west of a north-south one (odd door numbers)
    number: int
    community: str
    grid: str
    crossing: _Crossing | None  # the nearest crossing on the road
    offset: float  # metres along the road from that crossing (positive: east or north)
    before: str | None  # the crossing roads either side, for "解放路（历山路至山大路段）"
    after: str | None
    poi: _Poi | None
    east_west: bool


class _Streets:
    """Road geometry in metres, crossings and door points through the geocoder (places.search)."""

    def __init__(self, city: City) -> None:
        self.city = city
        self.lat0 = sum(cell.centre.lat for cell in city.cells) / len(city.cells)
        self.east = METRES_PER_DEGREE_LAT * math.cos(math.radians(self.lat0))
        self.lines: dict[str, _Line] = {}
        for road in city.roads:
            x0, y0 = self.xy(*road.start)
            x1, y1 = self.xy(*road.end)
            length = math.hypot(x1 - x0, y1 - y0)
            self.lines[road.name] = _Line(road, x0, y0, (x1 - x0) / length, (y1 - y0) / length, length)
        cameras = {}
        for camera in city.cameras:
            names = camera.name.removesuffix("路口").split("与")
            cameras[frozenset(names)] = camera
        self.crossings: dict[str, list[_Crossing]] = {name: [] for name in self.lines}
        for a in self.lines:
            for b in self.lines:
                if a >= b:
                    continue
                found = search(city, f"{a}与{b}交叉口", limit=1)
                if not found or found[0].kind is not PlaceKind.CROSSING:
                    continue
                point, camera = found[0].point, cameras.get(frozenset((a, b)))
                self.crossings[a].append(_Crossing(b, self.project(a, point)[0], point, camera))
                self.crossings[b].append(_Crossing(a, self.project(b, point)[0], point, camera))
        for crossings in self.crossings.values():
            crossings.sort(key=lambda c: c.along)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return lon * self.east, lat * METRES_PER_DEGREE_LAT

    def point(self, x: float, y: float) -> GeoPoint:
        return GeoPoint(lon=round(x / self.east, 6), lat=round(y / METRES_PER_DEGREE_LAT, 6))

    def move(self, point: GeoPoint, dx: float, dy: float) -> GeoPoint:
        x, y = self.xy(point.lon, point.lat)
        return self.point(x + dx, y + dy)

    def project(self, name: str, point: GeoPoint) -> tuple[float, float]:
        """(metres along the road from its start, metres to its left)."""
        line = self.lines[name]
        x, y = self.xy(point.lon, point.lat)
        dx, dy = x - line.x0, y - line.y0
        return dx * line.ux + dy * line.uy, dy * line.ux - dx * line.uy

    def door(self, name: str, number: int) -> GeoPoint | None:
        found = search(self.city, f"{name}{number}号", limit=1)
        return found[0].point if found and found[0].kind is PlaceKind.ADDRESS else None

    def spot(self, point: GeoPoint, pois: dict[tuple[str, bool], list[_Poi]]) -> Spot | None:
        grid = self.city.locate(point)
        if grid is None:
            return None

        def distance(name: str) -> float:
            along, left = self.project(name, point)
            line = self.lines[name]
            return abs(left) + max(0.0, -along, along - line.length)

        name = min(self.lines, key=distance)
        line = self.lines[name]
        along, left_m = self.project(name, point)
        along = min(max(along, 0.0), line.length)
        left = left_m > 0
        number = max(1, round(along / 10))
        number += (number % 2) != int(left)
        crossings = self.crossings[name]
        crossing = min(crossings, key=lambda c: abs(c.along - along)) if crossings else None
        before = next((c.other for c in reversed(crossings) if c.along < along - 1), None)
        after = next((c.other for c in crossings if c.along > along + 1), None)
        near = [poi for poi in pois.get((name, left), []) if abs(poi.along - along) <= 40]
        poi = min(near, key=lambda poi: abs(poi.along - along)) if near else None
        return Spot(point, name, along, left, number, grid.community, grid.code, crossing,
                    along - crossing.along if crossing else math.inf, before, after, poi, line.east_west)


def _metres(a: GeoPoint, b: GeoPoint) -> float:
    east = METRES_PER_DEGREE_LAT * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot((a.lon - b.lon) * east, (a.lat - b.lat) * METRES_PER_DEGREE_LAT)


_POI_BRANDS = _split("银座超市|华联超市|家家悦超市|漱玉平民大药房|建设银行|工商银行|农业银行|中国邮政|中国移动营业厅|"
                     "肯德基|麦当劳|瑞幸咖啡|蜜雪冰城|如家酒店|汉庭酒店|新华书店|菜鸟驿站|顺丰快递点|超意兴快餐")
_POI_PREFIXES = _split("鑫源|福瑞|泉城|明湖|金鼎|康宁|恒通|顺发|惠民|鲁韵|佳美|东方|宏达|百姓|老济南|趵突|华夏|利民")
_POI_KINDS = _split("便利店|水果店|五金店|理发店|饭店|宾馆|药店|面馆|包子铺|烟酒店|洗车店|家常菜馆|幼儿园|诊所|"
                    "小区|花园小区|菜市场|眼镜店|干洗店")


# --- problems and reports -----------------------------------------------------------------------------


@dataclass
class Report:
    """One case of the data set; `problem` is the ground truth behind it."""

    problem: Problem
    at: datetime
    source: str
    category: str
    text: str
    address: str
    point: GeoPoint | None
    caller: str = ""
    id: str = ""
    duplicate_of: str = ""

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_of)

    def row(self) -> dict[str, str]:
        point = self.point
        return {"id": self.id, "created_at": self.at.isoformat(timespec="seconds"), "category": self.category,
                "lat": f"{point.lat:.6f}" if point else "", "lon": f"{point.lon:.6f}" if point else "",
                "address": self.address, "text": self.text, "source": self.source, "duplicate_of": self.duplicate_of,
                "is_duplicate": "1" if self.duplicate_of else "0", "component": self.problem.component or "",
                "caller": self.caller}


@dataclass
class Problem:
    """One problem in the street; all its reports are duplicates of the first."""

    key: int
    profile: Profile
    facet: Facet
    spot: Spot
    facts: dict[str, int]
    obj: str
    building: int
    component: str | None
    device: Device | None = None
    camera: Camera | None = None
    hard: str | None = None  # nearby, next_day, same_spot, same_caller: how it mimics its anchor
    anchor: Report | None = None  # the report it is a hard negative of
    reports: list[Report] = field(default_factory=list)

    @property
    def category(self) -> str:
        return self.profile.category


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def resemblance(a: str, b: str) -> float:
    """Jaccard of character pairs; 0 when either is empty."""
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def _tidy(text: str) -> str:
    for before, after in (("，，", "，"), ("，。", "。"), ("：，", "："), ("。。", "。"), ("，！", "！")):
        text = text.replace(before, after)
    return text.strip("，").strip()


class _Generator:
    def __init__(self, rng: random.Random, city: City, catalogue: Catalogue) -> None:
        self.rng, self.city, self.catalogue = rng, city, catalogue
        self.streets = _Streets(city)
        self.pois = self._pois()
        self.profiles = self._profiles()
        self.common = [p for p in self.profiles.values() if not p.generic]
        self.problems: list[Problem] = []
        self.by_category: dict[str, list[Problem]] = {}
        self.components: set[str] = set()
        self.device_components: dict[str, str] = {}
        self.used_devices: set[str] = set()
        self.callers: set[str] = set()
        self.collectors: dict[str, Collector] = {code: c for c in city.collectors for code in c.grid_codes}

    # --- set-up ---------------------------------------------------------------------------------

    def _profiles(self) -> dict[str, Profile]:
        common = {}
        for profile in _common_profiles():
            category = self.catalogue.category(profile.category)
            related = tuple(r for r in profile.related if self._same_group(category, r))
            words = [w for key in (profile.category, *profile.keys) for w in self.catalogue.keywords.get(key, ())]
            facets = profile.facets
            if profile.category.startswith("SJ") and words:
                facets = tuple(Facet(f.formal + tuple(w for w in words if w not in f.formal), *_rest(f))
                               for f in facets)
            common[profile.category] = Profile(**{**profile.__dict__, "related": related, "facets": facets})
        rare = [c for c in self.catalogue.categories if c.id not in common]
        weight = GENERIC_SHARE / (1 - GENERIC_SHARE) * sum(p.weight for p in common.values()) / len(rare)
        return {**common, **{c.id: _generic_profile(c, weight) for c in rare}}

    def _same_group(self, category: Category, other: str) -> bool:
        try:
            related = self.catalogue.category(other)
        except KeyError:
            return False
        return related.kind == category.kind and related.big_code == category.big_code

    def _pois(self) -> dict[tuple[str, bool], list[_Poi]]:
        """Shops, banks and housing estates along each side of each road, 60–130 m apart."""
        pois: dict[tuple[str, bool], list[_Poi]] = {}
        for name, line in self.streets.lines.items():
            for left in (True, False):
                along, names, places = self.rng.uniform(10, 80), set(), []
                while along < line.length - 10:
                    for _ in range(20):
                        poi = (self.rng.choice(_POI_BRANDS) if self.rng.random() < 0.35 else
                               self.rng.choice(_POI_PREFIXES) + self.rng.choice(_POI_KINDS))
                        if poi not in names:
                            break
                    names.add(poi)
                    number = max(1, round(along / 10))
                    number += (number % 2) != int(left)
                    places.append(_Poi(poi, along, number))
                    along += self.rng.uniform(60, 130)
                pois[name, left] = places
        return pois

    # --- problems -------------------------------------------------------------------------------

    def _problem(self, profile: Profile, spot: Spot, facet: Facet | None = None, device: Device | None = None,
                 component: str | None = None) -> Problem:
        rng = self.rng
        facts = {"a": rng.randint(1, 5), "n": rng.randint(2, 9), "l": rng.randint(2, 6), "d": rng.randint(16, 38),
                 "k": rng.randint(6, 25), "c": rng.randint(5, 8), "p": rng.randint(85, 100)}
        if component is None and profile.component and rng.random() < profile.component_share:
            component = self._component(profile.component)
        camera = None
        crossing = spot.crossing
        if crossing is not None and crossing.camera is not None and abs(spot.offset) <= 40:
            camera = crossing.camera
        problem = Problem(len(self.problems), profile, facet or rng.choice(profile.facets), spot, facts,
                          rng.choice(profile.objects) if profile.objects else "", rng.randint(1, 24), component,
                          device, camera)
        self.problems.append(problem)
        self.by_category.setdefault(profile.category, []).append(problem)
        return problem

    def _discard(self, problem: Problem) -> None:
        self.problems.remove(problem)
        self.by_category[problem.category].remove(problem)

    def _clashes(self, profile: Profile, spot: Spot, anchor: Problem | None = None) -> bool:
        """Would a new problem here look like an earlier one it is not meant to mimic? Two garbage
        piles 5 m apart on the same afternoon are one pile, whatever the labels say."""
        radius = 10.0 if profile.component else 35.0
        return any(other is not anchor and _metres(other.spot.point, spot.point) < radius
                   for category in (profile.category, *profile.related)
                   for other in self.by_category.get(category, ()))

    def _component(self, category_id: str) -> str:
        category = self.catalogue.category(category_id)
        while True:
            serial = self.rng.randrange(1, 10**6)
            code = f"{self.city.district_code}{category.big_code}{category.small_code}{serial:06d}"
            if code not in self.components:
                self.components.add(code)
                return code

    def _pick_profile(self, exclude: Iterable[str] = ()) -> Profile:
        excluded = set(exclude)
        profiles = [p for p in self.profiles.values() if p.category not in excluded]
        return self.rng.choices(profiles, weights=[p.weight for p in profiles])[0]

    def _spot_on(self, line: _Line, along: float, left: bool, inner: bool) -> Spot | None:
        along = min(max(along, 15.0), line.length - 15)
        number = max(1, round(along / 10))
        number += (number % 2) != int(left)
        door = self.streets.door(line.road.name, number)
        if door is None:
            return None
        out = self.rng.uniform(25, 90) if inner else self.rng.uniform(0, 8)
        side = 1 if left else -1
        shift = self.rng.uniform(-4, 4)
        point = self.streets.move(door, shift * line.ux - side * out * line.uy, shift * line.uy + side * out * line.ux)
        return self.streets.spot(point, self.pois)

    def _random_spot(self, profile: Profile) -> Spot:
        rng = self.rng
        near_share = 0.45 if profile.recurring or profile.facets[0].video else 0.2
        while True:
            line = rng.choice(list(self.streets.lines.values()))
            crossings = self.streets.crossings[line.road.name]
            if crossings and rng.random() < near_share:
                along = rng.choice(crossings).along + rng.choice((-1, 1)) * rng.uniform(5, 60)
            else:
                along = rng.uniform(20, line.length - 20)
            spot = self._spot_on(line, along, rng.random() < 0.5, profile.inner)
            if spot is not None:
                return spot

    def _near_spot(self, spot: Spot, low: float, high: float) -> Spot | None:
        """A point `low`–`high` metres from a spot, anywhere around it."""
        for _ in range(30):
            distance, bearing = self.rng.uniform(low, high), self.rng.uniform(0, 2 * math.pi)
            found = self.streets.spot(
                self.streets.move(spot.point, distance * math.cos(bearing), distance * math.sin(bearing)), self.pois)
            if found is not None:
                return found
        return None

    def _device_problem(self) -> Problem | None:
        rng = self.rng
        kind = rng.choices(("manhole", "bin", "water_level"), weights=(0.5, 0.35, 0.15))[0]
        devices = [d for d in self.city.devices if d.kind == kind and d.id not in self.used_devices]
        if not devices:
            return None
        device = rng.choice(devices)
        spot = self.streets.spot(device.location, self.pois)
        if spot is None:
            return None
        self.used_devices.add(device.id)
        if kind == "manhole":
            profile = self.profiles[device.category_id or "BJ0123"]
            component_category = profile.category
        elif kind == "bin":
            profile, component_category = self.profiles["SJ0192"], "BJ0305"
        else:
            profile, component_category = self.profiles["SJ0506"], ""
        component = None
        if component_category:
            if device.id not in self.device_components:
                self.device_components[device.id] = self._component(component_category)
            component = self.device_components[device.id]
        return self._problem(profile, spot, device=device, component=component)

    # --- when -----------------------------------------------------------------------------------

    def _fits(self, problem: Problem, source: str, at: datetime) -> float:
        """How likely a report of this problem through this channel at this moment is (0–1)."""
        if not START <= at < END:
            return 0.0
        window = problem.profile.window
        if window is not None:
            hours = (at - START).total_seconds() / 3600
            if not window[0] <= hours <= window[1] + problem.profile.max_gap:
                return 0.0
        hours_allowed = problem.facet.hours
        if hours_allowed is not None and at.hour not in hours_allowed:
            return 0.0
        weights = _HOURS[source]
        return weights[at.hour] / max(weights)

    def _time_in(self, problem: Problem, source: str) -> datetime | None:
        low, high = START, END
        if problem.profile.window is not None:
            low, high = (START + timedelta(hours=h) for h in problem.profile.window)
        for _ in range(400):
            at = low + (high - low) * self.rng.random()
            if self.rng.random() < self._fits(problem, source, at):
                return at.replace(microsecond=0)
        return None

    def _time_near(self, problem: Problem, source: str, origin: datetime, low: timedelta, high: timedelta,
                   either_way: bool = False) -> datetime | None:
        """A moment `low`–`high` after origin (mostly log-uniform), or before it when after does not fit."""
        high = min(high, timedelta(hours=problem.profile.max_gap))
        if high <= low:
            high = low + timedelta(minutes=10)
        a, b = math.log(low.total_seconds()), math.log(high.total_seconds())
        for direction in ((1, -1) if either_way else (1,)):
            for _ in range(300):
                if self.rng.random() < 0.6:
                    seconds = math.exp(self.rng.uniform(a, b))
                else:
                    seconds = self.rng.uniform(low.total_seconds(), high.total_seconds())
                at = origin + direction * timedelta(seconds=seconds)
                if self.rng.random() < self._fits(problem, source, at):
                    return at.replace(microsecond=0)
        return None

    # --- who -------------------------------------------------------------------------------------

    def _eligible(self, problem: Problem, source: str) -> bool:
        used = {r.source for r in problem.reports}
        if source == IOT:
            return problem.device is not None and IOT not in used
        if source == VIDEO:
            return bool(problem.facet.video) and problem.camera is not None and VIDEO not in used
        if source == COLLECTOR and COLLECTOR in used:
            return False
        hours = problem.facet.hours
        return hours is None or any(_HOURS[source][h] > 0 for h in hours)

    def _source(self, problem: Problem, weights: dict[str, float]) -> str:
        used = {r.source for r in problem.reports}
        choices = [(s, w * (0.4 if s in used else 1)) for s, w in weights.items() if self._eligible(problem, s)]
        return self.rng.choices([s for s, _ in choices], weights=[w for _, w in choices])[0]

    def _caller(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.1:
                number = f"0531-{rng.choice('868')}{rng.randrange(10**6, 10**7)}"
            else:
                prefix = rng.choice(("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                                     "152", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180",
                                     "181", "182", "183", "185", "186", "187", "188", "189", "198", "199"))
                number = f"{prefix}{rng.randrange(10**8):08d}"
            if number not in self.callers:
                self.callers.add(number)
                return number

    # --- what they write --------------------------------------------------------------------------

    def _words(self, problem: Problem) -> dict[str, str]:
        rng, facet, profile = self.rng, problem.facet, problem.profile
        values: dict[str, object] = {
            key: value if rng.random() < 0.6 or key == "p" else max(1, value + rng.choice((-1, 1)))
            for key, value in problem.facts.items()}
        values["t"] = rng.choice(profile.things) if profile.things else ""
        values["s"] = rng.choice(profile.spoken_things) if profile.spoken_things else ""
        values["o"] = problem.obj

        def pick(options: Sequence[str]) -> str:
            return rng.choice(options).format(**values) if options else ""

        effects = rng.sample(facet.effects, min(2, len(facet.effects)))
        return {"f": pick(facet.formal), "m": pick(facet.measures), "s": pick(facet.spoken),
                "e": effects[0].format(**values) if effects else "",
                "e2": effects[-1].format(**values) if len(effects) > 1 else "",
                "x": pick(facet.shouts), "v": pick(facet.video), "alarm": pick(facet.alarms), "act": profile.action}

    def _crossing_names(self, spot: Spot) -> tuple[str, str]:
        assert spot.crossing is not None
        pair = [spot.road, spot.crossing.other]
        self.rng.shuffle(pair)
        return pair[0], pair[1]

    def _directions(self, spot: Spot) -> tuple[str, str]:
        """(the way from the crossing to the spot, the corner of the crossing: 东北角)."""
        ahead = ("东" if spot.offset > 0 else "西") if spot.east_west else ("北" if spot.offset > 0 else "南")
        if spot.east_west:
            return ahead, ahead + ("北" if spot.left else "南") + "角"
        return ahead, ("西" if spot.left else "东") + ahead + "角"

    def _side(self, spot: Spot) -> str:
        if spot.east_west:
            return "北侧" if spot.left else "南侧"
        return "西侧" if spot.left else "东侧"

    def _near_crossing(self, spot: Spot, metres: float = 60) -> bool:
        return spot.crossing is not None and abs(spot.offset) <= metres

    def _number(self, spot: Spot, error: bool) -> int:
        """The door number a reporter reads; callers are often a door or two off."""
        number = spot.number
        if error and self.rng.random() < 0.4:
            number += 2 * self.rng.choice((-2, -1, -1, 1, 1, 2))
        last = self.streets.lines[spot.road].last_number
        while number < 1:
            number += 2
        while number > last:
            number -= 2
        return number

    def _formal_place(self, spot: Spot) -> str:
        rng = self.rng
        kind = rng.choices(("door", "crossing", "segment", "poi"), weights=(0.5, 0.3, 0.12, 0.08))[0]
        if kind == "crossing" and self._near_crossing(spot):
            a, b = self._crossing_names(spot)
            way, corner = self._directions(spot)
            if abs(spot.offset) >= 20 and rng.random() < 0.4:
                return f"{a}与{b}交叉口往{way}约{round(abs(spot.offset), -1):.0f}米"
            return f"{a}与{b}交叉口{corner}"
        if kind == "segment" and spot.before and spot.after:
            return f"{spot.road}（{spot.before}至{spot.after}段）{self._side(spot)}"
        if kind == "poi" and spot.poi is not None:
            return f"{spot.road}{spot.poi.name}门前"
        return f"{spot.road}{spot.number}号" + rng.choice(("", "", "门前", "附近", self._side(spot)))

    def _spoken_place(self, problem: Problem, weights: dict[str, float]) -> tuple[str, str, str]:
        """(the place as the reporter says it, as a seat or app writes it down, its naming kind)."""
        rng, spot = self.rng, problem.spot
        kind = rng.choices(list(weights), weights=list(weights.values()))[0]
        if (kind == "crossing" and not self._near_crossing(spot)) or (kind == "poi" and spot.poi is None):
            kind = "door"
        if kind == "door":
            number = self._number(spot, error=True)
            return (f"{spot.road}{number}号" + rng.choice(("附近", "门口", "旁边", "这边", "")),
                    f"{spot.road}{number}号", kind)
        if kind == "crossing":
            a, b = self._crossing_names(spot)
            way, _ = self._directions(spot)
            other = spot.crossing.other if spot.crossing else a
            said = rng.choice((f"{a}{b}路口", f"{a}和{b}十字路口", f"{a}和{b}路口往{way}一点",
                               f"{other}路口往{way}走一点", f"{a}跟{b}交叉的地方"))
            return said, f"{a}与{b}交叉口", kind
        if kind == "poi" and spot.poi is not None:
            said = rng.choice((f"{spot.poi.name}门口", f"{spot.road}{spot.poi.name}门口", f"{spot.poi.name}旁边",
                               f"{spot.road}上{spot.poi.name}那儿"))
            return said, f"{spot.road}{spot.poi.number}号", kind
        if kind == "community":
            said = rng.choice((f"{spot.community}门口", f"{spot.community}附近",
                               f"{spot.community}{problem.building}号楼下", f"{spot.community}东门",
                               f"{spot.community}里面"))
            return said, spot.community, kind
        if kind == "none":
            return rng.choice(("", "", "我家楼下", "小区门口")), spot.road, kind
        said = rng.choice((f"{spot.road}上", f"{spot.road}边上", f"{spot.road}这边"))
        if spot.crossing is not None and rng.random() < 0.4:
            said = f"{spot.road}靠近{spot.crossing.other}那段"
        return said, spot.road, "road"

    def _report(self, problem: Problem, source: str, at: datetime, category: str | None = None,
                caller: str | None = None, again: bool = False) -> Report:
        rng, spot = self.rng, problem.spot
        words = self._words(problem)
        point: GeoPoint | None
        if source == COLLECTOR:
            point = self._jitter(spot.point, 3, 15)
            address = self.city.nearest_address(point)
            place = self._formal_place(spot)
            template = rng.choice(("{P}{f}{m}", "位于{P}，{f}{m}", "{P}发现{f}{m}，已拍照取证", "{f}：{P}{m}",
                                   "{P}{f}{m}，需{act}", "{P}有{f}{m}", "{P}{f}{m}"))
            text = template.format(P=place, **words)
            caller = ""
        elif source == HOTLINE:
            said, address, kind = self._spoken_place(
                problem, {"door": 0.47, "crossing": 0.22, "poi": 0.15, "community": 0.06, "road": 0.04})
            point = None
            if kind in ("door", "crossing", "poi"):
                found = search(self.city, address, limit=1)
                point = found[0].point if found else None
                if point is not None and _metres(point, spot.point) > 60:
                    point = self._jitter(spot.point, 5, 40)  # far from the door: the seat moves the pin
            if not words["s"]:
                words["s"] = words["f"]
            if again:
                template = "市民再次来电反映：{P}{s}，此前已反映过，至今仍未{act}，{e}。"
            else:
                template = rng.choice((
                    "市民来电反映：{P}{s}，{e}，请尽快{act}。", "来电人反映{P}{s}，{e}，希望相关部门尽快{act}。",
                    "市民来电称{P}{s}，{e}。诉求：尽快{act}。",
                    "【12345转办】市民反映：{P}{s}，{e}，请核实{act}并回复。",
                    "市民来电：{P}{s}，{e}，{e2}，要求尽快{act}。"))
            text = template.format(P=said, **words)
            caller = caller or self._caller()
        elif source == PUBLIC:
            said, typed, _ = self._spoken_place(
                problem, {"road": 0.25, "poi": 0.2, "crossing": 0.15, "community": 0.15, "door": 0.08, "none": 0.17})
            if rng.random() < NO_GPS_SHARE:
                point, address = None, typed
            else:
                point = self._jitter(spot.point, 5, 60)
                address = self.city.nearest_address(point)
            bang = rng.choice(("！", "！！", "！！！", "…", "？？", "。"))
            words["x"] = words["x"].rstrip("！？")
            template = rng.choice(("{P}{x}{bang}没人管吗", "{P}{s}，{x}{bang}", "随手拍：{P}{s}", "{x}{bang}{P}",
                                   "{s}，{e}，麻烦管管{bang}", "#随手拍# {P}{s}，{x}", "{P}{s}{bang}",
                                   "{P}{s}，{e}{emoji}"))
            text = template.format(P=said, bang=bang, emoji=rng.choice(("😡", "😤", "🙄", "")), **words)
            if rng.random() < EMPTY_TEXT_SHARE:
                text = ""
            caller = ""
        elif source == VIDEO:
            assert problem.camera is not None
            camera = problem.camera
            point, address = camera.location, camera.name
            template = rng.choice(("视频AI识别：{v}，置信度{conf}", "智能视频分析告警：{v}（{cam}），置信度{conf}",
                                   "{name}摄像头识别到{v}", "AI抓拍：疑似{v}，{cam}"))
            text = template.format(cam=camera.id, name=camera.name, conf=f"{rng.uniform(0.62, 0.98):.2f}", **words)
            caller = ""
        else:
            device = problem.device
            assert device is not None
            point = device.location
            address = self.city.nearest_address(point)
            if device.kind == "manhole":
                template = rng.choice(("物联网告警：{name}（{id}）{alarm}", "{name}上报告警：{alarm}",
                                       "【智能井盖】{id} {alarm}"))
            elif device.kind == "bin":
                template = rng.choice(("【智能垃圾桶】{id}{alarm}", "{name}上报：{alarm}"))
            else:
                template = rng.choice(("{name}：{alarm}", "【积水监测】{id}{alarm}"))
            text = template.format(name=device.name, id=device.id, alarm=words["alarm"])
            caller = ""
        report = Report(problem, at, source, category or problem.category, _tidy(text), address, point, caller or "")
        problem.reports.append(report)
        return report

    def _jitter(self, point: GeoPoint, low: float, high: float) -> GeoPoint:
        distance = low * (high / low) ** self.rng.random()
        bearing = self.rng.uniform(0, 2 * math.pi)
        return self.streets.move(point, distance * math.cos(bearing), distance * math.sin(bearing))

    # --- the plan ---------------------------------------------------------------------------------

    def first_report(self, problem: Problem, weights: dict[str, float] | None = None) -> Report | None:
        if problem.device is not None and self.rng.random() < 0.7 and self._eligible(problem, IOT):
            source = IOT
        else:
            source = self._source(problem, weights or _FIRST_SOURCE)
        at = self._time_in(problem, source)
        return None if at is None else self._report(problem, source, at)

    def base_problem(self) -> Problem:
        while True:
            problem = self._device_problem() if self.rng.random() < DEVICE_SHARE else None
            if problem is None:
                profile = self._pick_profile()
                spot = self._random_spot(profile)
                if self._clashes(profile, spot):
                    continue
                problem = self._problem(profile, spot)
            if self.first_report(problem) is not None:
                return problem
            self._discard(problem)

    def add_duplicates(self, problem: Problem, extra: int) -> int:
        """Later reports of the problem by other reporters; returns how many fitted in time."""
        rng, added = self.rng, 0
        first = problem.reports[0]
        for _ in range(extra):
            for _attempt in range(6):
                source = self._source(problem, _LATER_SOURCE)
                again = False
                origin = first
                hotline = [r for r in problem.reports if r.source == HOTLINE]
                if source == HOTLINE and hotline and rng.random() < 0.25:
                    origin, again = rng.choice(hotline), True
                at = self._time_near(problem, source, origin.at, MIN_GAP, timedelta(hours=30))
                if at is None:
                    continue
                category = problem.category
                if problem.profile.related and rng.random() < RELATED_SHARE:
                    category = rng.choice(problem.profile.related)
                texts = [r.text for r in problem.reports]
                for _wording in range(15):
                    report = self._report(problem, source, at, category, origin.caller if again else None, again)
                    if report.text not in texts and all(resemblance(report.text, t) < 0.7 for t in texts):
                        break
                    problem.reports.pop()
                else:
                    problem.reports.append(report)
                added += 1
                break
        return added

    def hard_negative(self, kind: str, grouped: list[Problem]) -> Problem | None:
        """A new problem that looks like an earlier one (its anchor) but is not the same."""
        rng = self.rng
        pool = grouped if grouped and rng.random() < 0.5 else self.problems
        if kind == "same_caller":
            pool = [p for p in pool if any(r.source == HOTLINE for r in p.reports)] or [
                p for p in self.problems if any(r.source == HOTLINE for r in p.reports)]
        anchor = rng.choice(pool)
        if kind == "same_caller":
            report = rng.choice([r for r in anchor.reports if r.source == HOTLINE])
        else:
            report = rng.choice(anchor.reports)
        facet = None
        low, high = timedelta(minutes=5), timedelta(hours=10)
        if kind == "same_category":
            profile = anchor.profile
            facet = anchor.facet if rng.random() < 0.7 else None
            if profile.recurring and rng.random() < 0.5:
                kind, spot = "next_day", self._near_spot(anchor.spot, 0.5, 12)
                low, high = timedelta(hours=18), timedelta(hours=30)
            else:
                kind = "nearby"
                line = self.streets.lines[anchor.spot.road]
                step = rng.uniform(15, 40) if profile.component else rng.uniform(40, 150)
                along = anchor.spot.along + rng.choice((-1, 1)) * step
                if not 15 < along < line.length - 15:
                    along = anchor.spot.along - (along - anchor.spot.along)
                spot = self._spot_on(line, along, anchor.spot.left if rng.random() < 0.8 else not anchor.spot.left,
                                     profile.inner)
        else:
            related = {anchor.category, *anchor.profile.related}
            related |= {p.category for p in self.common if anchor.category in p.related}
            profile = self._pick_profile(exclude=related | {p.category for p in self.common if p.window})
            if kind == "same_spot":
                spot = self._near_spot(anchor.spot, 0.5, 10)
                high = timedelta(hours=12)
            else:
                spot = self._near_spot(anchor.spot, 10, 80)
                low, high = timedelta(hours=1), timedelta(hours=30)
        if spot is None or self._clashes(profile, spot, anchor):
            return None
        if kind == "nearby" and _metres(spot.point, anchor.spot.point) < (12 if profile.component else 35):
            return None
        component = anchor.component if kind == "next_day" else None  # the same bin full again the next day
        problem = self._problem(profile, spot, facet, component=component)
        problem.hard, problem.anchor = kind, report
        if kind == "same_caller":
            source = HOTLINE
        elif report.source in (COLLECTOR, HOTLINE, PUBLIC, VIDEO) and rng.random() < 0.3 and self._eligible(
                problem, report.source):
            source = report.source
        else:
            source = self._source(problem, _FIRST_SOURCE)
        at = self._time_near(problem, source, report.at, low, high, either_way=True)
        if at is None:
            self._discard(problem)
            return None
        self._report(problem, source, at, caller=report.caller if kind == "same_caller" else None)
        return problem


def _rest(facet: Facet) -> tuple[object, ...]:
    return (facet.spoken, facet.measures, facet.effects, facet.shouts, facet.video, facet.alarms, facet.hours)


def _group_sizes(rng: random.Random, duplicates: int) -> list[int]:
    sizes, total = [], 0
    while total < duplicates:
        extra = min(rng.choices((1, 2, 3, 4), weights=(0.6, 0.25, 0.1, 0.05))[0], duplicates - total)
        sizes.append(extra + 1)
        total += extra
    return sizes


def _weighted_sample(rng: random.Random, items: Sequence[Problem], weights: Sequence[float], k: int) -> list[Problem]:
    keyed = sorted(zip((rng.random() ** (1 / w) for w in weights), range(len(items)), strict=True), reverse=True)
    return [items[index] for _, index in keyed[:k]]


def build(cases: int = 2000, seed: int = 7, city: City | None = None,
          catalogue: Catalogue | None = None) -> list[Report]:
    """The data set: reports in time order with ids and duplicate_of filled in."""
    rng = random.Random(seed)
    generator = _Generator(rng, city or City.load(), catalogue or Catalogue.load())
    duplicates = round(cases * DUPLICATE_SHARE)
    firsts = cases - duplicates
    hard = round(firsts * HARD_SHARE)
    sizes = _group_sizes(rng, duplicates)
    rng.shuffle(sizes)
    base = [generator.base_problem() for _ in range(firsts - hard)]

    def room(problem: Problem) -> bool:
        return problem.reports[0].at < END - timedelta(hours=2) and not problem.hard

    pending = list(sizes)
    on_base = round(len(sizes) * 0.85)
    candidates = [p for p in base if room(p)]
    weights = [0.3 if p.profile.generic else 1.0 for p in candidates]
    grouped: list[Problem] = []
    missing = 0
    for problem in _weighted_sample(rng, candidates, weights, len(candidates)):
        if len(grouped) >= on_base:
            break
        extra = pending.pop() - 1 + missing
        added = generator.add_duplicates(problem, extra)
        missing = extra - added
        if added:
            grouped.append(problem)
        else:
            pending.append(1 + missing)
            missing = 0

    hard_problems: list[Problem] = []
    while len(hard_problems) < hard:
        kind = rng.choices(("same_category", "same_spot", "same_caller"), weights=(0.5, 0.3, 0.2))[0]
        problem = generator.hard_negative(kind, grouped)
        if problem is not None:
            hard_problems.append(problem)

    rest = [p for p in hard_problems if p.reports[0].at < END - timedelta(hours=2)]
    rng.shuffle(rest)
    leftover = sum(size - 1 for size in pending) + missing
    spare = [p for p in base if room(p) and p not in grouped]
    rng.shuffle(spare)
    for problem in rest + spare:
        if leftover <= 0:
            break
        extra = min(leftover, pending.pop() - 1 if pending else rng.choice((1, 1, 2)))
        leftover -= generator.add_duplicates(problem, extra)
    if leftover:
        raise RuntimeError(f"{leftover} duplicates did not fit in the time window")

    reports = sorted((r for p in generator.problems for r in p.reports), key=lambda r: (r.at, r.problem.key))
    per_day: Counter[str] = Counter()
    for report in reports:
        day = report.at.strftime("%Y%m%d")
        per_day[day] += 1
        report.id = f"{day}{per_day[day]:04d}"
    for problem in generator.problems:
        problem.reports.sort(key=lambda r: r.at)
        for report in problem.reports[1:]:
            report.duplicate_of = problem.reports[0].id
    return reports


# --- output ---------------------------------------------------------------------------------------------


def write_csv(reports: Iterable[Report], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(report.row() for report in reports)


def summary(reports: Sequence[Report]) -> dict[str, object]:
    """Counts and the difficulty of the pairs: how far, how late and how alike the texts are."""
    duplicates = [r for r in reports if r.is_duplicate]
    firsts = [r for r in reports if not r.is_duplicate]
    by_id = {r.id: r for r in reports}
    hard = [r for r in firsts if r.problem.hard]
    groups = Counter(len(r.problem.reports) for r in firsts if len(r.problem.reports) > 1)

    def pairs(items: Iterable[tuple[Report, Report]]) -> dict[str, float]:
        items = list(items)
        metres = [_metres(a.point, b.point) for a, b in items if a.point and b.point]
        hours = [abs((a.at - b.at).total_seconds()) / 3600 for a, b in items]
        texts = [resemblance(a.text, b.text) for a, b in items if a.text and b.text]
        return {"pairs": len(items), "median_m": round(statistics.median(metres), 1),
                "p90_m": round(statistics.quantiles(metres, n=10)[-1], 1),
                "median_h": round(statistics.median(hours), 2),
                "text_jaccard": round(statistics.mean(texts), 3),
                "same_category": round(sum(a.category == b.category for a, b in items) / len(items), 3),
                "same_source": round(sum(a.source == b.source for a, b in items) / len(items), 3)}

    dup_pairs = [(by_id[r.duplicate_of], r) for r in duplicates]
    hard_pairs = [(r.problem.anchor, r) for r in hard if r.problem.anchor is not None]
    return {
        "cases": len(reports), "duplicates": len(duplicates),
        "duplicate_share": round(len(duplicates) / len(reports), 3),
        "groups": sum(groups.values()), "group_sizes": dict(sorted(groups.items())),
        "hard_negatives": len(hard), "hard_share_of_non_duplicates": round(len(hard) / len(firsts), 3),
        "hard_kinds": dict(Counter(r.problem.hard for r in hard)),
        "empty_points": sum(r.point is None for r in reports), "empty_texts": sum(not r.text for r in reports),
        "with_component": sum(bool(r.problem.component) for r in reports),
        "duplicates_in_related_category": sum(r.category != by_id[r.duplicate_of].category for r in duplicates),
        "sources": dict(Counter(r.source for r in reports)),
        "duplicate_pairs": pairs(dup_pairs), "hard_pairs": pairs(hard_pairs),
        "days": f"{reports[0].at:%Y-%m-%d %H:%M} – {reports[-1].at:%Y-%m-%d %H:%M}",
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    reports = build(args.cases, args.seed)
    write_csv(reports, args.out)
    print(f"wrote {args.out}")
    for key, value in summary(reports).items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
