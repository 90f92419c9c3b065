<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SearchPane</name>
    <message>
        <source>{year} edition</source>
        <translation>{year} 年版</translation>
    </message>
    <message>
        <source>Search the report: Chinese words, or a region in English or pinyin (Guangdong)…</source>
        <translation>搜索报告：中文词语，或地区的英文名、拼音（Guangdong）…</translation>
    </message>
    <message>
        <source>Recent searches are in the list</source>
        <translation>下拉列表中是最近的搜索</translation>
    </message>
    <message>
        <source>All chapters</source>
        <translation>全部章节</translation>
    </message>
    <message>
        <source>Search failed: {error}</source>
        <translation>搜索失败：{error}</translation>
    </message>
    <message>
        <source>Type to search the report&apos;s text.</source>
        <translation>输入文字以搜索报告正文。</translation>
    </message>
    <message>
        <source>No results for “{query}”.</source>
        <translation>没有找到“{query}”。</translation>
    </message>
    <message>
        <source>The first {count} results for “{query}”</source>
        <translation>“{query}”的前 {count} 条结果</translation>
    </message>
    <message>
        <source>{count} results for “{query}”</source>
        <translation>“{query}”共 {count} 条结果</translation>
    </message>
    <message>
        <source>{count} result for “{query}”</source>
        <translation>“{query}”共 {count} 条结果</translation>
    </message>
    <message>
        <source>No paragraph of “{chapter}” holds “{query}”.
Choose All chapters to search the whole report.</source>
        <translation>“{chapter}”中没有包含“{query}”的段落。
选择“全部章节”可搜索整份年报。</translation>
    </message>
    <message>
        <source>No paragraph of the report holds “{query}”.
Check the spelling, or try fewer or shorter words.</source>
        <translation>年报中没有包含“{query}”的段落。
请检查写法，或减少搜索词、换用更短的词。</translation>
    </message>
</context>
</TS>
