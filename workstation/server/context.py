"""What every request handler needs: the database, the domain data of the city, the settings, the
index of similar cases and the map's layers."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from workstation.domain.catalogue import Catalogue
from workstation.domain.channels import ChannelRules
from workstation.domain.city import City
from workstation.domain.controls import Controls
from workstation.domain.deadline import WorkCalendar, load_reject_reasons, load_step_limits
from workstation.domain.dispatch import DispatchRules
from workstation.domain.models import TimeLimit
from workstation.domain.privacy import PhonePolicy
from workstation.domain.verification import DutyRoster
from workstation.server.db import Database
from workstation.server.map_layers import MapLayers
from workstation.server.notifier import Notifier
from workstation.server.similar import SimilarCases, load_rules


@dataclass
class ServerContext:
    database: Database
    catalogue: Catalogue
    city: City
    calendar: WorkCalendar
    step_limits: dict[str, TimeLimit]
    reject_reasons: dict[str, tuple[str, ...]]
    phones: PhonePolicy
    roster: DutyRoster  # 信息采集员值班表, for 核实 tasks
    controls: Controls  # 非采集区域 and 限时段 rules
    channel_rules: ChannelRules  # IoT alarm types and video-AI labels: 小类, thresholds, repeat windows
    similarity: SimilarCases  # 相似案卷判断: the index of cases and the city's rules
    map_layers: MapLayers  # the grid and the offline base map, rendered on first use
    dispatch_rules: DispatchRules = field(default_factory=DispatchRules.load)  # 派遣机制, 延期/挂账 limits
    lease_seconds: float = 180
    notifier: Notifier = field(default_factory=lambda: Notifier())

    @classmethod
    def load(cls, database: Database, *, city: str = "demo", lease_seconds: float = 180) -> ServerContext:
        catalogue = Catalogue.load()
        return cls(database=database, catalogue=catalogue, city=City.load(city),
                   calendar=WorkCalendar.default(), step_limits=load_step_limits(),
                   reject_reasons=load_reject_reasons(), phones=PhonePolicy.load(), roster=DutyRoster.load(city),
                   controls=Controls.load(city), channel_rules=ChannelRules.load(),
                   similarity=SimilarCases(database, catalogue, load_rules(city)),
                   map_layers=MapLayers(City.load(city), city), lease_seconds=lease_seconds)


def get_context(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context
