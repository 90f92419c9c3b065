<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RegionChart</name>
    <message>
        <source>items</source>
        <translation>件</translation>
    </message>
    <message>
        <source>[×10,000]</source>
        <translation>[万]</translation>
    </message>
</context>
</TS>
