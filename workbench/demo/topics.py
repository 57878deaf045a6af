"""The topic inventory of the demo: what each generated text is about (the ground truth of the plants).

Each topic has a Chinese and English label, a polarity, the product kinds it applies to (None: all) and a
group that decides how an agent answers it in a chat. The phrase banks live in ``phrases_neg`` and
``phrases_pos``.
"""

from __future__ import annotations

from dataclasses import dataclass

EAR = frozenset({"earbuds"})
AUDIO = frozenset({"earbuds", "speaker"})
WEAR = frozenset({"earbuds", "watch"})
WIRELESS = frozenset({"earbuds", "watch", "speaker"})
BATTERY = frozenset({"earbuds", "watch", "speaker", "powerbank"})
APP = frozenset({"earbuds", "watch"})


@dataclass(frozen=True)
class Topic:
    """One thing a customer talks about; ``weight`` is its share among texts of its polarity."""

    key: str
    label: str
    label_en: str
    polarity: str
    group: str
    weight: float
    kinds: frozenset[str] | None = None


TOPICS = (
    Topic("logistics_slow", "物流/配送时效", "Logistics / delivery speed", "negative", "logistics", 9),
    Topic("logistics_damage", "物流/包裹破损", "Logistics / damaged parcel", "negative", "logistics", 3),
    Topic("wrong_item", "物流/错发漏发", "Logistics / wrong or missing item", "negative", "logistics", 3),
    Topic("packaging", "包装/包装简陋", "Packaging", "negative", "quality", 2),
    Topic("sound", "产品质量/音质", "Quality / sound", "negative", "quality", 6, AUDIO),
    Topic("noise_cancel", "产品质量/降噪", "Quality / noise cancelling", "negative", "quality", 3, EAR),
    Topic("battery_life", "产品质量/续航", "Quality / battery life", "negative", "quality", 5, BATTERY),
    Topic("battery_defect", "产品质量/电池异常(发烫鼓包)", "Quality / battery defect (heat, swelling)",
          "negative", "quality", 0, BATTERY),
    Topic("charging", "产品质量/充电", "Quality / charging", "negative", "quality", 4),
    Topic("connectivity", "产品质量/蓝牙连接", "Quality / Bluetooth connection", "negative", "quality", 6, WIRELESS),
    Topic("screen", "产品质量/屏幕", "Quality / screen", "negative", "quality", 3, frozenset({"watch"})),
    Topic("durability", "产品质量/故障耐用", "Quality / failures, durability", "negative", "quality", 6),
    Topic("comfort", "产品质量/佩戴舒适", "Quality / wearing comfort", "negative", "quality", 2, WEAR),
    Topic("refund", "售后/退款流程", "After-sales / refund process", "negative", "refund", 2),
    Topic("return", "售后/退换货", "After-sales / returns and exchanges", "negative", "refund", 4),
    Topic("repair", "售后/维修保修", "After-sales / repair and warranty", "negative", "aftersale", 3),
    Topic("service_attitude", "客服/服务态度", "Service / attitude", "negative", "service", 3),
    Topic("service_response", "客服/响应速度", "Service / response speed", "negative", "service", 3),
    Topic("price", "价格/价保差价", "Price / price protection", "negative", "price", 4),
    Topic("promotion", "价格/优惠活动", "Price / coupons and promotions", "negative", "price", 3),
    Topic("app_firmware", "APP与固件", "App and firmware", "negative", "app", 4, APP),
    Topic("invoice", "订单/发票", "Order / invoice", "negative", "invoice", 2),
    Topic("account", "订单/账号会员", "Order / account and membership", "negative", "account", 1),
    Topic("praise_sound", "好评/音质", "Praise / sound", "positive", "praise", 6, AUDIO),
    Topic("praise_battery", "好评/续航", "Praise / battery", "positive", "praise", 4, BATTERY),
    Topic("praise_logistics", "好评/物流快", "Praise / fast delivery", "positive", "praise", 6),
    Topic("praise_service", "好评/客服", "Praise / service", "positive", "praise", 3),
    Topic("praise_value", "好评/性价比", "Praise / value for money", "positive", "praise", 5),
    Topic("praise_design", "好评/外观做工", "Praise / design and build", "positive", "praise", 5),
    Topic("praise_function", "好评/功能体验", "Praise / features", "positive", "praise", 4,
          frozenset({"earbuds", "watch", "charger", "powerbank"})),
    Topic("ask_usage", "咨询/使用方法", "Inquiry / how to use", "neutral", "inquiry", 5),
    Topic("ask_shipping", "咨询/发货时间", "Inquiry / shipping time", "neutral", "inquiry", 4),
    Topic("ask_invoice", "咨询/发票", "Inquiry / invoice", "neutral", "invoice", 2),
    Topic("ask_compat", "咨询/兼容性", "Inquiry / compatibility", "neutral", "inquiry", 3),
    Topic("ask_warranty", "咨询/保修政策", "Inquiry / warranty policy", "neutral", "aftersale", 2),
    Topic("neutral_general", "一般评价", "General, neutral", "neutral", "inquiry", 4),
)
TOPIC_BY_KEY = {t.key: t for t in TOPICS}


def applicable(polarity: str, kind: str) -> list[Topic]:
    """Topics of a polarity that can be said about a product kind, with a positive base weight."""
    return [t for t in TOPICS if t.polarity == polarity and t.weight > 0 and (t.kinds is None or kind in t.kinds)]
