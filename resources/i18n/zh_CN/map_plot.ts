<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MapPlot</name>
    <message>
        <source>South China Sea Islands</source>
        <translation>南海诸岛</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>sub-provincial cities (area ∝ value)</source>
        <translation>副省级城市（面积 ∝ 数值）</translation>
    </message>
    <message>
        <source>Unit: {unit}</source>
        <translation>单位：{unit}</translation>
    </message>
    <message>
        <source>Not on the map (no shape): {names}</source>
        <translation>地图上无此地区（无形状）：{names}</translation>
    </message>
    <message>
        <source>the reporting office&apos;s own country</source>
        <translation>报告机构所在国</translation>
    </message>
    <message>
        <source>rank {rank} of {count}</source>
        <translation>第 {rank} 名，共 {count} 个</translation>
    </message>
    <message>
        <source>source: report line {line}</source>
        <translation>来源：报告第 {line} 行</translation>
    </message>
</context>
</TS>
