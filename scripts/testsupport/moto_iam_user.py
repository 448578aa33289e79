"""Creates an IAM user with an allow-all inline policy and an access key in a moto
server, during its INITIAL_NO_AUTH_ACTION_COUNT window (three calls). Prints the key as
JSON: {"AccessKeyId": ..., "SecretAccessKey": ...}. Usage: moto_iam_user.py <endpoint>
"""
import json
import sys

import boto3


def main():
    endpoint = sys.argv[1]
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
    iam.create_user(UserName="cogsh-test")
    iam.put_user_policy(UserName="cogsh-test", PolicyName="all", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }))
    key = iam.create_access_key(UserName="cogsh-test")["AccessKey"]
    json.dump({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}, sys.stdout)


if __name__ == "__main__":
    main()
