<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="69"/>
        <source>&amp;File case</source>
        <extracomment>Renew the lease when less than this share of it is left and the seat was active meanwhile.</extracomment>
        <translation>立案(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="70"/>
        <source>&amp;Reject…</source>
        <translation>不予受理/作废(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="72"/>
        <source>&amp;Dispatch to suggestion</source>
        <translation>派遣(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="93"/>
        <source>Component</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="93"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="116"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="116"/>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="116"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="116"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="121"/>
        <source>Report</source>
        <translation>上报信息</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="124"/>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="125"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="126"/>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="127"/>
        <source>Channel details</source>
        <translation>来源信息</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="128"/>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="130"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="131"/>
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="132"/>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="133"/>
        <source>Filing</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="135"/>
        <source>Category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="136"/>
        <source>Filing condition</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="137"/>
        <source>Handling limit</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="138"/>
        <source>Closing condition</source>
        <translation>结案条件</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="140"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="142"/>
        <source>Suggested</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="143"/>
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="145"/>
        <source>History</source>
        <translation>流转记录</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="161"/>
        <source>Select a case in the queue (Alt+Down opens the next one).</source>
        <translation>请在左侧队列中选择案卷（Alt+↓ 打开下一个）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="248"/>
        <source>URGENT</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="258"/>
        <source>reported at %1</source>
        <translation>上报于 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="267"/>
        <source>Outside the grid: locate the case before filing</source>
        <translation>不在单元网格内：请先确定位置再立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="313"/>
        <source>No suggestion: choose the department</source>
        <translation>无推荐部门，请选择</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="342"/>
        <source>You hold this case (until %1).</source>
        <translation>您已认领此案卷（至 %1）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="346"/>
        <source>%1 is working on this case (held until %2).</source>
        <translation>%1 正在处理此案卷（认领至 %2）。</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="368"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/case_view.py" line="390"/>
        <source>Unreadable image</source>
        <translation>图片无法显示</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../workstation/ui/labels.py" line="15"/>
        <source>Collector</source>
        <translation>信息采集员</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="16"/>
        <source>Hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="17"/>
        <source>IoT alarm</source>
        <translation>物联网告警</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="18"/>
        <source>Video AI</source>
        <translation>视频智能识别</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="19"/>
        <source>Public report</source>
        <translation>公众上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="20"/>
        <source>Leader&apos;s instruction</source>
        <translation>领导交办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="21"/>
        <source>Media</source>
        <translation>媒体曝光</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="22"/>
        <source>Department transfer</source>
        <translation>部门转办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="42"/>
        <source>To accept</source>
        <extracomment>One calm, distinguishable colour per channel (used for the channel badge in the queue).</extracomment>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="43"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="44"/>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="45"/>
        <location filename="../../workstation/ui/labels.py" line="80"/>
        <source>Handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="46"/>
        <location filename="../../workstation/ui/labels.py" line="54"/>
        <location filename="../../workstation/ui/labels.py" line="67"/>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="47"/>
        <source>Cancelled</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="56"/>
        <source>Cancel as invalid</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="62"/>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="63"/>
        <source>Claimed</source>
        <translation>认领</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="64"/>
        <source>Released</source>
        <translation>释放</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="65"/>
        <source>Claim lapsed</source>
        <translation>认领超时释放</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="66"/>
        <source>Filed</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="68"/>
        <source>Cancelled as invalid</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="69"/>
        <source>Dispatched to department</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="70"/>
        <source>Signed by department</source>
        <translation>部门签收</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="77"/>
        <source>Acceptance</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="78"/>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="79"/>
        <source>Department signing</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="91"/>
        <source>%1d %2h</source>
        <translation>%1天%2时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="93"/>
        <source>%1h %2m</source>
        <translation>%1时%2分</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="95"/>
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="105"/>
        <source>Hotline number</source>
        <translation>热线</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="106"/>
        <source>Call no.</source>
        <translation>来电编号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="107"/>
        <source>Callback wanted</source>
        <translation>需要回电</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="108"/>
        <source>Reporting system</source>
        <translation>上报系统</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="109"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="110"/>
        <source>Device type</source>
        <translation>设备类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="111"/>
        <source>Alarm</source>
        <translation>告警类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="112"/>
        <source>Reading</source>
        <translation>读数</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="113"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="114"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="115"/>
        <source>Camera location</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="116"/>
        <source>AI label</source>
        <translation>识别类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="117"/>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="118"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="119"/>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="122"/>
        <source>Smart manhole cover</source>
        <translation>智能井盖</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="123"/>
        <source>Water level sensor</source>
        <translation>积水监测</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="124"/>
        <source>Smart litter bin</source>
        <translation>智能垃圾桶</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="133"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/labels.py" line="133"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="14"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="30"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="31"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/login_dialog.py" line="32"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="36"/>
        <source>City management seat workstation — %1</source>
        <extracomment>The seat asked to quit; `main()` owns the shutdown (closing the session before the loop ends).</extracomment>
        <translation>城市管理坐席工作台 — %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="60"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="60"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="89"/>
        <source>&amp;Case</source>
        <translation>案卷(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="90"/>
        <source>&amp;Next case</source>
        <translation>下一个案卷(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="91"/>
        <source>&amp;Previous case</source>
        <translation>上一个案卷(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="97"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="100"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="101"/>
        <source>&amp;Filter the queue</source>
        <translation>筛选队列(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="102"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="104"/>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/main_window.py" line="122"/>
        <source>The language changes when the workstation restarts.</source>
        <translation>界面语言将在重新启动工作台后生效。</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../workstation/ui/operation.py" line="84"/>
        <source>Something went wrong: %1</source>
        <translation>操作出错：%1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/operation.py" line="91"/>
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="111"/>
        <source>Case no.</source>
        <extracomment>Role under which every cell returns its whole `Case` (for the case view and the filter). Role returning a sortable key (times as numbers, text as text).</extracomment>
        <translation>案卷号</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="112"/>
        <source>Channel</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="113"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="114"/>
        <source>Category</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="115"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="116"/>
        <source>Grid / community</source>
        <translation>网格/社区</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="117"/>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="118"/>
        <source>Step timer</source>
        <translation>环节计时</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="119"/>
        <source>Held by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="166"/>
        <source>Outside the grid</source>
        <translation>网格外</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="185"/>
        <source>%1 step, due %2</source>
        <translation>%1环节，%2 到期</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="200"/>
        <source>(unclassified)</source>
        <translation>（未分类）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="218"/>
        <source>%1 left</source>
        <translation>剩 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_model.py" line="218"/>
        <source>%1 over</source>
        <translation>超 %1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="106"/>
        <source>All channels</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="114"/>
        <source>Filter: case no., address, category, description…</source>
        <translation>筛选：案卷号、地址、小类、描述…</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="174"/>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="175"/>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="176"/>
        <source>In progress</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/queue_panel.py" line="177"/>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="36"/>
        <source>Reject case</source>
        <translation>不予受理/作废</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="48"/>
        <source>Optional explanation for the record</source>
        <translation>补充说明（可选）</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="56"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="57"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reject_dialog.py" line="58"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../workstation/ui/main.py" line="149"/>
        <source>local demo server</source>
        <translation>本机演示服务器</translation>
    </message>
</context>
</TS>
