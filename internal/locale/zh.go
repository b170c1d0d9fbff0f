// Package locale holds the library's texts in languages other than
// English: today each rule's title, reason and fix in Simplified Chinese,
// which the root's rule table (RulesIn, Report.In and the writers in
// Chinese) reads by code, and how a finding's own texts join the rule's in
// another language (Localize). The fixed words of the report forms live with
// their writers in internal/report.
//
// Nothing here does I/O or keeps state: the table is built anew by each
// call, and the root builds it once.
package locale

import (
	"github.com/vpcgate/vpcgate/internal/cloud"
	"github.com/vpcgate/vpcgate/internal/terraform"
	"github.com/vpcgate/vpcgate/zones"
)

// Texts are a rule's texts in one language.
type Texts struct {
	// Title, Why and Fix are the rule's title, reason and usual fix.
	Title, Why, Fix string
}

// Chinese returns each rule's title, why and fix in Simplified Chinese, by
// code, in the terms of the Chinese edition of the cloud's document (专有网络
// VPC, 交换机, 安全组, VPC 访问授权, 实例, 网段, 可用区, 地域). Values quoted
// from the cloud, such as the message "instance cannot connect to the
// backend", stay as the cloud prints them.
func Chinese() map[string]Texts {
	return map[string]Texts{
		"invalid-plan": {"计划文档无效",
			"计划是一个严格读取的 JSON 文档，评审者读到的内容与检查的内容完全一致",
			"按给出的行号和路径修正文档"},
		"reserved-conflict": {"交换机网段与保留网段重叠",
			"API 网关在每个可用区使用一个内部网段，交换机网段不能与其重叠（go run ./examples/reserved 可列出这些网段）",
			"改用其他交换机网段"},
		"invalid-vswitch": {"交换机网段无效",
			"交换机网段是规范形式的 IPv4 网段，掩码在 /16 到 /29 之间",
			"以规范的 IPv4 形式填写网段，掩码 /16 到 /29"},
		"unknown-zone": {"未知可用区",
			"只认可保留网段表（更新于 " + zones.Updated + "）中的可用区",
			"使用该地域的可用区（go run ./examples/reserved -region <地域 ID> 可列出）"},
		"unknown-region": {"未知地域",
			"只认可保留网段表（更新于 " + zones.Updated + "）中的地域",
			"使用有效的地域 ID，例如 cn-hangzhou"},
		"invalid-catalog": {"可用区目录无效",
			"可用区目录中每个地域和可用区只出现一次，保留网段为规范形式的 IPv4 网段",
			"修正可用区目录"},
		"invalid-authorization": {"VPC 访问授权无效",
			"VPC 访问授权需要名称、专有网络 VPC、后端服务和端口；后端服务是 ECS 或 SLB 实例 ID，或有效的 IP 地址",
			"修正该授权"},
		"invalid-security-group": {"安全组规则无效",
			"安全组的每条出方向规则都有授权策略、1 到 100 的优先级、协议、端口范围和唯一的目的地址",
			"修正该规则"},
		"required": {"缺少必填项",
			"购买页面和 API 都要求填写此项",
			"填写此项"},
		"zone-region": {"可用区不在实例所在地域",
			"每个网卡都创建在实例所在地域的某个可用区中",
			"使用实例所在地域的可用区，或更改地域"},
		"duplicate": {"重复",
			"实例在每个可用区只有一个网卡，每个网卡使用自己的交换机；计划中每个实例只能出现一次",
			"删除重复项"},
		"cidr-not-allowed": {"实例网段不在允许范围内",
			"VPC 集成实例的网段只能是 192.168.0.0/16 或 172.16.0.0/12",
			"使用 192.168.0.0/16 或 172.16.0.0/12 中与交换机网段不重叠的一个"},
		"cidr-conflict": {"网段冲突",
			"实例网段不能与交换机网段冲突，交换机网段之间也不能冲突，否则创建失败",
			"改用其他实例网段或交换机网段"},
		"invalid-kind": {"未知实例类型",
			"每个实例都有已知的类型：共享实例（VPC_SHARED）、专享实例（normal）或 VPC 集成实例（vpc_connect）",
			"填写实例的类型"},
		"not-vpc-integration": {"不是 VPC 集成实例",
			"只有 VPC 集成实例有可访问网段",
			"使用 VPC 集成实例"},
		"wrong-vpc": {"专有网络 VPC 不符",
			"实例只连接创建时选择的那一个专有网络 VPC",
			"描述实例所连接的专有网络 VPC"},
		"outside-vpc": {"网段不在专有网络 VPC 内",
			"交换机位于其专有网络 VPC 的网段内；可访问网段位于该 VPC 的网段或与其连通的网络内",
			"使用 VPC 网段或连通网络内的网段，或在计划中列出连通的网络"},
		"not-accessible": {"网段不可访问",
			"只能删除实例已列为可访问的网段",
			"删除实例已有的网段"},
		"default-cidr": {"不能删除交换机网段",
			"交换机网段始终可以访问",
			"保留交换机网段"},
		"immutable": {"创建后不可更改",
			"实例的类型、专有网络 VPC、网段和网卡在创建时确定，之后不能更改",
			"改为创建新实例"},
		"invalid-cidr": {"网段或地址无效",
			"网段和地址须为规范形式，不带 IPv6 区域标识，也不用 IPv4 映射形式",
			"以规范形式填写网段或地址"},
		"vpc-mismatch": {"后端服务在其他专有网络 VPC 中",
			"授权中的 VPC ID 必须是实例所连接的专有网络 VPC 的 ID",
			"将该后端服务留在传统实例上，或连接其专有网络 VPC 并使用该 VPC 内的授权"},
		"unreachable": {"后端服务不可达",
			"后端服务的私网 IP 地址必须位于实例的可访问网段内，否则报错 \"instance cannot connect to the backend\"",
			"将包含该地址的网段加入实例的可访问网段"},
		"egress-denied": {"出方向流量被拒绝",
			"实例安全组的出方向规则必须放行后端服务：CLB 后端总是需要；ECS 后端除非与实例在同一安全组且允许组内互通",
			"添加一条出方向规则，放行到后端服务地址和端口的 TCP 流量"},
		"unverified": {"未验证",
			"无法根据给出的数据判定的内容不算通过：待数据齐全后再检查",
			"补充缺失的数据（后端地址、安全组或 API 响应），或人工核对"},
		"implicit-egress": {"缺少显式出方向规则",
			"CLB 后端需要实例安全组中有显式的出方向规则；普通安全组的默认策略目前放行了流量，但文档要求添加该规则",
			"添加一条出方向规则，放行到后端服务的 TCP 流量"},
		"invalid-flow": {"后端地址无效",
			"API 网关通过 TCP 访问后端服务，地址不能带 IPv6 区域标识",
			"修正后端服务的地址"},
		"invalid-endpoint": {"后端地址无效",
			"直连后端是一个 URL 或 host:port，主机为 IP 地址或域名，端口有效",
			"将后端地址写成 http://10.0.1.5:8080 或 10.0.1.5:8080 的形式"},
		"dynamic-backend": {"服务发现后端",
			"传统专享实例只能通过 VPC 访问授权（每个后端一个）访问 VPC：文档说明它不支持动态配置，因此不能使用服务发现类后端（如 NACOS 注册中心）",
			"将分组迁移到 VPC 集成实例，或通过 VPC 访问授权调用后端服务"},
		"private-address": {"私网地址缺少授权",
			"共享实例或专享实例通过 VPC 访问授权访问私网后端地址；没有授权覆盖此地址",
			"为该地址和端口创建 VPC 访问授权，或将分组迁移到 VPC 集成实例"},
		"missing-authorization": {"缺少授权",
			"API 网关会校验分组中 API 和插件用到的每个 VPC 访问授权",
			"添加该授权，或修正名称"},
		"duplicate-authorization": {"授权名称重复",
			"授权按名称查找",
			"为每个授权使用不同的名称"},
		"unknown-instance": {"未知目标实例",
			"分组只能迁移到计划中描述的实例",
			"在 to 中填写计划中的某个实例"},
		"region": {"地域不同",
			"分组只能迁移到同一地域的实例",
			"使用分组所在地域的实例"},
		"wrong-source": {"源实例不符",
			"迁移从分组当前所在的实例开始",
			"将分组的实例设为其当前所在的实例"},
		"dataworks": {"DataWorks 分组",
			"DataWorks 集成只适用于传统专享实例，服务 DataWorks 的分组不能迁移到 VPC 集成实例",
			"将 DataWorks 的 API 保留在专享实例上的分组中"},
		"egress-change": {"出口地址变化",
			"迁移后，出口 IP 地址变为目标实例的地址",
			"迁移前将新的出口地址加入后端服务的白名单"},
		"security-group": {"后端服务在其他安全组中",
			"文档要求后端服务位于创建实例时指定的安全组中",
			"将后端服务移入实例的安全组，或显式放行流量"},
		"placement": {"分组可迁移到的实例",
			"分组应迁移到其后端服务所在专有网络 VPC 的实例，且该实例的可访问网段能到达这些后端服务",
			"将分组迁移到能承接它的实例"},
		"single-zone": {"仅一个可用区",
			"实例在每个可用区有一个弹性网卡：只有一个可用区时只有一个弹性网卡，没有可用区级冗余，该可用区故障会导致实例不可用",
			"如果 API 需要抵御可用区故障，在该地域的第二个可用区增加一个放置（使用其自己的交换机）"},
		"move-source": {"文档未描述的迁移来源",
			"文档只描述了从共享实例和传统专享实例迁移到 VPC 集成实例；从另一个 VPC 集成实例或经典网络共享实例迁移，文档未作描述",
			"切换前人工核对迁移（出口地址、授权、中断时间），或经由专享实例迁移"},
		"vswitch-full": {"交换机没有可用地址",
			"API 网关在每个可用区的交换机中创建一个弹性网卡，网卡会占用交换机的一个地址：AvailableIpAddressCount 为 0 的交换机已无可用地址，创建会失败",
			"释放交换机中的地址（删除不用的弹性网卡或实例），或将该可用区放到另一个有可用地址的交换机"},
		"service-linked-role": {"缺少服务关联角色",
			"API 网关需要服务关联角色 " + cloud.ServiceLinkedRole + " 来管理 VPC 集成实例在您的专有网络 VPC 中的弹性网卡；控制台会自动创建该角色，创建实例时仅当调用者有权创建该角色（ram:CreateServiceLinkedRole）时才会一并创建：在没有该角色、且流水线无权创建角色的账号中无法创建实例",
			"在创建实例之前创建该角色：aliyun resourcemanager CreateServiceLinkedRole --ServiceName " + cloud.ServiceLinkedRoleService + "，或在 Terraform 中使用 service_name = \"" + cloud.ServiceLinkedRoleService + "\" 的 " + terraform.ServiceLinkedRoleType},
		"backend-ingress-denied": {"后端服务拒绝新的出口地址",
			"迁移后，出口 IP 地址变为目标实例交换机中的私网地址：如果后端服务安全组的入方向规则拒绝所有这些地址，后端服务会丢弃该分组的请求",
			"迁移前在后端服务的安全组中添加一条入方向规则，放行来自目标实例交换机网段（或其安全组）到后端服务端口的 TCP 流量，优先级高于拒绝它的规则"},
		"acl-denied": {"网络 ACL 拒绝该流量",
			"实例的弹性网卡受专有网络 VPC 网络 ACL 的约束：按顺序评估网卡所在交换机绑定的网络 ACL 的出方向规则和后端服务所在交换机绑定的网络 ACL 的入方向规则，第一条匹配的规则生效，没有规则允许的流量会被拒绝，被拒绝的请求会被静默丢弃",
			"在丢弃它的规则之前添加一条允许规则，放行到后端服务端口的 TCP 流量（出方向规则的目的为后端服务，入方向规则的源为实例的交换机网段）；网络 ACL 是无状态的，还需放行回程流量（端口 1024-65535）"},
		"force-new": {"更改将重建资源",
			"更改此属性会销毁并重新创建资源，而不是原地修改",
			"将更改规划为迁移（ModifyApiGroupInstance），或接受资源重建带来的损失"},
		"invalid-waivers": {"豁免无效",
			"豁免须填写已知的规则代码和理由；where 是匹配模式，到期日期格式为 YYYY-MM-DD",
			"按给出的行号和路径修正豁免文件"},
		"expired-waiver": {"豁免已过期",
			"过了到期日期的豁免不再生效，以便重新审视已接受的风险",
			"用新的日期和理由续期豁免，或修复问题并删除豁免"},
		"unused-waiver": {"豁免未匹配任何结果",
			"未匹配任何结果的豁免已经过时，可能掩盖将来并非其本意的结果",
			"删除该豁免，或修正其规则代码和 where"},
		"error": {"无法解释的错误",
			"没有规则能解释此错误",
			"阅读错误信息"},
	}
}

// Localize returns a finding's why and fix in the language of texts,
// the rule's texts in it, where en are the rule's English texts: the
// finding's why or fix becomes the rule's in that language where it is
// the rule's English one; a why of the finding's own stays, and a fix of
// its own stays after the rule's fix in that language, joined by a
// full-width colon.
func Localize(why, fix string, en, texts Texts) (string, string) {
	if why == en.Why {
		why = texts.Why
	}
	switch fix {
	case en.Fix:
		fix = texts.Fix
	case "":
	default:
		fix = texts.Fix + "：" + fix
	}
	return why, fix
}
