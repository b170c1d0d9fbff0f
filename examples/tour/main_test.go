package main

func Example() {
	main()
	// Output:
	// zones[0].vSwitchCidr: vSwitch 172.20.1.0/24 overlaps 172.20.0.0/16 reserved in zone cn-hangzhou-b true [172.20.0.0/16]
	// authorization "orders": instance cannot connect to the backend 10.0.2.7: add a CIDR block that contains it to the accessible CIDR blocks of instance "apigw-1"
	// apigw-shared false true
}
