package vpcgate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/vpcgate/vpcgate"
)

// A service that reads plans from its users answers a plan it cannot read
// with the problems of its input, as JSON or as text: the same answer the
// preflight command gives.
func ExampleNewInputReport() {
	doc := []byte(`{
  "instance": {"name": "gw", "cidr": "192.168.0.1/16"},
  "authorizations": [{"name": "orders", "port": "8080"}]
}`)
	_, err := vpcgate.ParsePlan(doc)
	fmt.Println(errors.Is(err, vpcgate.ErrInvalidPlan))

	r := vpcgate.NewInputReport("plan.json", err)
	out, _ := json.MarshalIndent(r, "", "  ")
	fmt.Println(string(out))
	_ = r.WriteText(os.Stdout)
	// Output:
	// true
	// {
	//   "version": 1,
	//   "plan": "plan.json",
	//   "ok": false,
	//   "inputErrors": [
	//     {
	//       "where": "instance.cidr",
	//       "line": 2,
	//       "column": 38,
	//       "what": "invalid CIDR prefix \"192.168.0.1/16\": host bits set; the canonical form is 192.168.0.0/16"
	//     },
	//     {
	//       "where": "authorizations[0].port",
	//       "line": 3,
	//       "column": 49,
	//       "what": "want a number, got a string"
	//     }
	//   ]
	// }
	// plan.json: instance.cidr (line 2, column 38): invalid CIDR prefix "192.168.0.1/16": host bits set; the canonical form is 192.168.0.0/16
	// plan.json: authorizations[0].port (line 3, column 49): want a number, got a string
	// plan.json: 2 input error(s); nothing was checked
}

// Each problem of a set of OpenAPI responses that cannot be read names the
// response and the JSON path in it; an error from elsewhere keeps its whole
// message.
func ExampleInputProblems() {
	_, err := vpcgate.ReadResponses([]byte(`{"Instances": {"InstanceAttribute": [{"InstanceId": 7}]}}`))
	err = errors.Join(err, errors.New("open responses/extra.json: permission denied"))
	for _, p := range vpcgate.InputProblems(err) {
		fmt.Printf("where %q\n  what %q\n", p.Where, p.What)
	}
	// Output:
	// where "DescribeInstances[0].Instances.InstanceAttribute[0].InstanceId"
	//   what "invalid OpenAPI response: want a string, got a number"
	// where ""
	//   what "open responses/extra.json: permission denied"
}
